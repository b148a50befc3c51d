import '@xyflow/react/dist/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setupI18n } from './i18n';
import { takeApiKeyFromLocation } from './session/credentials-store';
import './styles.css';
import './ui/workspace.css';

takeApiKeyFromLocation();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
void setupI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
