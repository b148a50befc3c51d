import { Route, Switch } from 'wouter';
import { ContactDetail } from './contacts/ContactDetail';
import { ContactsPage } from './contacts/ContactsPage';
import './contacts/contacts.css';

/** Route parameters arrive with only some escapes undone; a user id may hold "@", "/" or "?". */
function decoded(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/** `#/contacts`: the list (search, add, import) and each contact's page with its timeline. */
export function ContactsScreen() {
  return (
    <Switch>
      <Route path="/" component={ContactsPage} />
      <Route path="/:externalId">{(params) => <ContactDetail key={params.externalId} externalId={decoded(params.externalId)} />}</Route>
    </Switch>
  );
}
