import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiProblem } from '../../api/client.js';
import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { formErrors, type FormErrors } from '../../components/forms/problems.js';
import { mayOpen, section, type SectionId } from './sections.js';
import './config.css';

/** Loads once (and again on reload()); the error is the message to show. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | undefined; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (live) {
          setData(value);
          setError(null);
        }
      },
      (caught: unknown) => {
        if (live) setError(messageOf(caught));
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}

export function messageOf(caught: unknown): string {
  if (caught instanceof ApiProblem) return caught.problem.detail ?? caught.problem.title;
  return 'The server could not be reached.';
}

/** A failed save as form errors: the server's field problems by path, the rest above the form. */
export function errorsOf(caught: unknown, known?: (path: string) => boolean): FormErrors {
  if (caught instanceof ApiProblem) return formErrors(caught.problem, known);
  return { byPath: {}, general: ['The server could not be reached.'] };
}

/** The frame of a configuration page: breadcrumb, the one h1, and a refusal for roles that may not open it. */
export function ConfigPage({ id, title, children }: { id: SectionId; title?: string; children: ReactNode }) {
  const me = useMe();
  const heading = title ?? section(id).title;
  return (
    <div className="config-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/staff/config">Configuration</Link>
        {title && (
          <>
            {' › '}
            <Link to={section(id).path}>{section(id).title}</Link>
          </>
        )}
      </nav>
      <h1>{heading}</h1>
      {mayOpen(id, me.roles) ? children : <p role="alert" className="error">Your roles ({me.roles.join(', ')}) do not include this section.</p>}
    </div>
  );
}

export function LoadError({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}
