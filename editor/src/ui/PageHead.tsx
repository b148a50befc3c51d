import type { ReactNode } from 'react';
import { Link } from 'wouter';

interface PageHeadProps {
  title: ReactNode;
  /** A line under the title: what the page is for, or the record's key. */
  sub?: ReactNode;
  /** The list a detail page belongs to. */
  back?: { href: string; label: string };
  /** The page's buttons, on the right. */
  children?: ReactNode;
}

/** The top of a workspace page: the way back, the title (the page's one h1) and its actions. */
export function PageHead({ title, sub, back, children }: PageHeadProps) {
  return (
    <>
      {back && (
        <Link href={back.href} className="ws-back">
          {back.label}
        </Link>
      )}
      <header className="ws-page__head">
        <div>
          <h1>{title}</h1>
          {sub && <p className="ws-page__sub">{sub}</p>}
        </div>
        {children}
      </header>
    </>
  );
}
