import { createRoot } from 'react-dom/client';
import { DiagnosePage } from '@/components/identity/DiagnosePage';

// An extension page with no DevTools around it: follow the system's colour scheme.
const themeName = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';

createRoot(document.getElementById('root')!).render(<DiagnosePage themeName={themeName} />);
