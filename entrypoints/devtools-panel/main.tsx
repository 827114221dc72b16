import { createRoot } from 'react-dom/client';
import { PanelPage } from './PanelPage';

createRoot(document.getElementById('root')!).render(<PanelPage />);
