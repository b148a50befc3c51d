import { Route, Switch } from 'wouter';
import { TemplateDetail } from './message-templates/TemplateDetail';
import { TemplatesPage } from './message-templates/TemplatesPage';
import './message-templates/message-templates.css';

/** `#/message-templates`: the list (and writing a new one), and each template's editor, preview and versions. */
export function MessageTemplatesScreen() {
  return (
    <Switch>
      <Route path="/" component={TemplatesPage} />
      <Route path="/:key">{(params) => <TemplateDetail key={params.key} templateKey={params.key} />}</Route>
    </Switch>
  );
}
