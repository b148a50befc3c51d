import type { IconButtonProps, TemplatesType } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';

type Kind = 'add' | 'remove' | 'moveUp' | 'moveDown' | 'copy' | 'clear';
const symbols: Record<Kind, string> = { add: '+', remove: '×', moveUp: '↑', moveDown: '↓', copy: '⧉', clear: '×' };

/**
 * @rjsf's default array buttons draw Bootstrap glyph icons this app does not load (empty boxes);
 * these say what they do, in the reader's language, and keep @rjsf's class names (`btn-add`, …).
 */
function button(kind: Kind, rjsfClass: string) {
  return function FormButton({ icon: _icon, iconType: _iconType, registry: _registry, uiSchema: _uiSchema, className, ...rest }: IconButtonProps) {
    const { t } = useTranslation();
    const label = t(`form.${kind}`);
    return (
      <button type="button" {...rest} className={['form-button', `form-button--${kind}`, rjsfClass, className].filter(Boolean).join(' ')} aria-label={label} title={label}>
        {symbols[kind]}
        {kind === 'add' && <span> {label}</span>}
      </button>
    );
  };
}

export const formButtonTemplates: Partial<TemplatesType> = {
  ButtonTemplates: {
    AddButton: button('add', 'btn-add'),
    RemoveButton: button('remove', 'array-item-remove'),
    MoveUpButton: button('moveUp', 'array-item-move-up'),
    MoveDownButton: button('moveDown', 'array-item-move-down'),
    CopyButton: button('copy', 'array-item-copy'),
    ClearButton: button('clear', 'btn-clear'),
  } as TemplatesType['ButtonTemplates'],
};
