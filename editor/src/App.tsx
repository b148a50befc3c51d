import { Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { AppShell } from './ui/AppShell';
import { SessionProvider } from './session/session';
import { SignInScreen } from './screens/SignInScreen';
import { JourneysScreen } from './screens/JourneysScreen';
import { JourneyEditorScreen } from './journey/JourneyEditorScreen';
import { ContactsScreen } from './screens/ContactsScreen';
import { SegmentsScreen } from './screens/SegmentsScreen';
import { MessageTemplatesScreen } from './screens/MessageTemplatesScreen';
import { InboxScreen } from './screens/InboxScreen';
import { AuditScreen } from './screens/AuditScreen';

/** Screens live at hash routes (`#/journeys/…`), so the static preview server needs no rewrites. */
export function App() {
  return (
    <Router hook={useHashLocation}>
      <SessionProvider signIn={(props) => <SignInScreen {...props} />}>
        <AppShell>
          <Switch>
            <Route path="/journeys" component={JourneysScreen} />
            <Route path="/journeys/:id">{(params) => <JourneyEditorScreen key={params.id} journeyId={params.id} />}</Route>
            <Route path="/contacts" nest component={ContactsScreen} />
            <Route path="/segments" nest component={SegmentsScreen} />
            <Route path="/message-templates" nest component={MessageTemplatesScreen} />
            <Route path="/inbox" nest component={InboxScreen} />
            <Route path="/audit" component={AuditScreen} />
            <Route>
              <Redirect to="/journeys" />
            </Route>
          </Switch>
        </AppShell>
      </SessionProvider>
    </Router>
  );
}
