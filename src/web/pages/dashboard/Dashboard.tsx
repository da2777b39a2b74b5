import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/client.js';
import { statistics as loadStatistics, type Interval, type Statistics, type StatusCount } from '../../api/statistics.js';
import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { BarChart } from '../../components/charts/BarChart.js';
import { LineChart } from '../../components/charts/LineChart.js';
import { percent } from '../../components/charts/scale.js';
import { fillRateSeries, periodLabel, turnaroundSeries, type Side } from './chartData.js';
import './dashboard.css';

const days = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)} d`;
const percentAxis = (value: number) => `${Math.round(value * 100)}%`;

/** Where staff land: what is open now, what needs the desk, and how partners perform over time. */
export function Dashboard() {
  const me = useMe();
  const [interval, setPeriodInterval] = useState<Interval>('month');
  const [side, setSide] = useState<Side>('borrowing');
  const [data, setData] = useState<Statistics | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    loadStatistics(me.institution, interval).then(
      (loaded) => live && setData(loaded),
      (caught: unknown) => live && setError(caught instanceof ApiProblem ? (caught.problem.detail ?? caught.problem.title) : 'The server could not be reached.'),
    );
    return () => {
      live = false;
    };
  }, [me.institution, interval]);

  const categories = data ? data.periods.map((p) => periodLabel(p, data.interval)) : [];
  const sideName = side === 'borrowing' ? 'Borrowing' : 'Lending';
  return (
    <div className="dashboard">
      <h1>{me.institutionName}: dashboard</h1>
      {error && (
        <p className="error" role="alert">
          The figures could not be loaded: {error}
        </p>
      )}
      {!data && !error && (
        <p className="loading" role="status">
          Loading the figures…
        </p>
      )}
      {data && (
        <>
          <section aria-labelledby="now-heading">
            <h2 id="now-heading">Now</h2>
            <ul className="dashboard-counts">
              <li>
                <span className="count" data-testid="open-borrowing">{data.current.openBorrowing}</span> open borrowing requests
              </li>
              <li>
                <span className="count" data-testid="open-lending">{data.current.openLending}</span> open lending requests
              </li>
              <li>
                <span className="count" data-testid="overdue-loans">{data.current.overdueLoans}</span> overdue {data.current.overdueLoans === 1 ? 'loan' : 'loans'}
              </li>
              <li>
                <Link to="/staff/hold-shelf">
                  <span className="count" data-testid="holds-on-shelf">{data.current.holdsOnShelf}</span> {data.current.holdsOnShelf === 1 ? 'item' : 'items'} on the hold shelf
                </Link>
              </li>
            </ul>
            <div className="dashboard-status-tables">
              <StatusTable id="borrowing-status" caption="Open borrowing requests by status" rows={data.current.borrowingByStatus} />
              <StatusTable id="lending-status" caption="Open lending requests by status" rows={data.current.lendingByStatus} />
            </div>
          </section>

          <section aria-labelledby="partners-heading">
            <h2 id="partners-heading">Partners over time</h2>
            <form className="dashboard-controls" onSubmit={(event) => event.preventDefault()}>
              <div>
                <label htmlFor="dashboard-side">Show requests</label>
                <select id="dashboard-side" value={side} onChange={(event) => setSide(event.target.value as Side)}>
                  <option value="borrowing">Borrowing (we asked partners)</option>
                  <option value="lending">Lending (partners asked us)</option>
                </select>
              </div>
              <div>
                <label htmlFor="dashboard-interval">Figures per</label>
                <select id="dashboard-interval" value={interval} onChange={(event) => setPeriodInterval(event.target.value as Interval)}>
                  <option value="month">Month (last 6)</option>
                  <option value="week">Week (last 12)</option>
                </select>
              </div>
            </form>
            <PartnerTotals data={data} side={side} />
            <BarChart
              id="fill-rate-chart"
              title={`${sideName}: fill rate per partner`}
              description={
                side === 'borrowing'
                  ? `Share of the requests we sent each partner that the partner filled, per ${data.interval}, from ${categories[0] ?? ''} to ${categories.at(-1) ?? ''}.`
                  : `Share of the requests each partner sent us that we filled, per ${data.interval}, from ${categories[0] ?? ''} to ${categories.at(-1) ?? ''}.`
              }
              categories={categories}
              series={fillRateSeries(data, side)}
              format={percentAxis}
              gap="no requests"
              minTop={1}
              valueLabel="Fill rate"
            />
            <LineChart
              id="turnaround-chart"
              title={side === 'borrowing' ? 'Borrowing: median turnaround per partner (request sent to item received)' : 'Lending: median days to ship per partner (request received to shipped)'}
              description={`Median days per partner and ${data.interval}; periods without a filled request are gaps.`}
              categories={categories}
              series={turnaroundSeries(data, side)}
              format={days}
              gap="none filled"
              minTop={1}
              valueLabel="Days"
            />
          </section>
        </>
      )}
    </div>
  );
}

function StatusTable({ id, caption, rows }: { id: string; caption: string; rows: StatusCount[] }) {
  return (
    <table id={id} className="dashboard-status">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Requests</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2}>None open</td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.status}>
              <th scope="row">{row.label}</th>
              <td>{row.count}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function PartnerTotals({ data, side }: { data: Statistics; side: Side }) {
  const borrowing = side === 'borrowing';
  if ((borrowing ? data.borrowing.partners : data.lending.partners).length === 0) return <p>No {borrowing ? 'requests were sent to partners' : 'requests came from partners'} in these periods.</p>;
  return (
    <table className="dashboard-totals">
      <caption>{borrowing ? 'Borrowing per partner, whole window' : 'Lending per partner, whole window'}</caption>
      <thead>
        <tr>
          <th scope="col">Partner</th>
          <th scope="col">{borrowing ? 'Requests sent' : 'Requests received'}</th>
          <th scope="col">Filled</th>
          <th scope="col">Fill rate</th>
          <th scope="col">{borrowing ? 'Median turnaround' : 'Median days to ship'}</th>
        </tr>
      </thead>
      <tbody>
        {borrowing
          ? data.borrowing.partners.map((p) => (
              <tr key={p.partner.code}>
                <th scope="row">{p.partner.name}</th>
                <td>{p.totals.sent}</td>
                <td>{p.totals.filled}</td>
                <td>{percent(p.totals.fillRate)}</td>
                <td>{p.totals.medianTurnaroundDays === null ? 'none received' : days(p.totals.medianTurnaroundDays)}</td>
              </tr>
            ))
          : data.lending.partners.map((p) => (
              <tr key={p.partner.code}>
                <th scope="row">{p.partner.name}</th>
                <td>{p.totals.received}</td>
                <td>{p.totals.filled}</td>
                <td>{percent(p.totals.fillRate)}</td>
                <td>{p.totals.medianDaysToShip === null ? 'none shipped' : days(p.totals.medianDaysToShip)}</td>
              </tr>
            ))}
      </tbody>
    </table>
  );
}
