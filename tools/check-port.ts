import net from 'node:net';

/**
 * Exits with an error when the port `npm start` serves on is taken, so the
 * person starting it learns that before the catalog build, not after it.
 */
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`Invalid port "${process.argv[2] ?? ''}": run tsx tools/check-port.ts PORT with a port from 1 to 65535.`);
  process.exit(2);
}

const server = net.createServer();
server.once('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use, so npm start could not serve the page there after the build.`);
    console.error(`Stop what uses it, or build and serve on another port: npm run catalog && npx vite build && npx vite preview --port 5000`);
  } else {
    console.error(`Could not check port ${port}: ${error.message}`);
  }
  process.exit(1);
});
server.listen(port, 'localhost', () => server.close());
