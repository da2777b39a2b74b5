import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { sectionsFor } from './sections.js';
import './config.css';

/** /staff/config: the sections the signed-in user's roles may open. */
export function ConfigIndex() {
  const me = useMe();
  const sections = sectionsFor(me.roles);
  return (
    <div className="config-page">
      <h1>Configuration</h1>
      {sections.length === 0 ? (
        <p>Your roles include no configuration section.</p>
      ) : (
        <ul className="section-list">
          {sections.map((s) => (
            <li key={s.id}>
              <Link to={s.path}>{s.title}</Link>
              <p>{s.description}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
