import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createClient } from './ipc/client.ts';
import { connectSocketBridge } from './ipc/socket.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

// Electron's preload provides window.stationBridge; in the browser host we talk over a WebSocket.
let setConnected: (open: boolean) => void = () => {};
const bridge = window.stationBridge ?? connectSocketBridge((state) => setConnected(state === 'open'));
const client = createClient(bridge);
root.render(<App client={client} registerConnection={(fn) => (setConnected = fn)} hostBridge={window.stationBridge ? 'electron' : 'browser'} />);
