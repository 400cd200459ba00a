import 'next-auth';

declare module 'next-auth' {
  interface Session {
    user: {
      name: string | null;
      email: string | null;
      image: null;
      provider: string;
      login: string | null;
      subject: string | null;
      groups: string[];
    };
  }
}
