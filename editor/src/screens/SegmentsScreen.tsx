import { Route, Switch } from 'wouter';
import { SegmentDetail } from './segments/SegmentDetail';
import { SegmentsPage } from './segments/SegmentsPage';
import './segments/segments.css';

/** `#/segments`: the list (and defining a new one), and each segment's page with its members. */
export function SegmentsScreen() {
  return (
    <Switch>
      <Route path="/" component={SegmentsPage} />
      <Route path="/:key">{(params) => <SegmentDetail key={params.key} segmentKey={params.key} />}</Route>
    </Switch>
  );
}
