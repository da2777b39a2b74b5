import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiProblem } from '../api/client.js';
import { currentUser, signIn as apiSignIn, signOut as apiSignOut, type Me } from '../api/session.js';

interface SessionValue {
  /** undefined while asking the server; null when nobody is signed in. */
  me: Me | null | undefined;
  signIn: (institution: string, username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    currentUser().then(setMe, (error: unknown) => {
      if (error instanceof ApiProblem && error.status === 401) setMe(null);
      else setMe(null);
    });
  }, []);
  const value: SessionValue = {
    me,
    signIn: async (institution, username, password) => {
      const signedIn = await apiSignIn(institution, username, password);
      setMe(signedIn);
      return signedIn;
    },
    signOut: async () => {
      await apiSignOut().catch(() => undefined);
      setMe(null);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The signed-in user; only for pages the app shows after sign-in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
