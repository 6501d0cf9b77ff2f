import express from 'express';

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get('/items', (_req, res) => {
  res.json([{ id: 1, name: 'first' }, { id: 2, name: 'second' }]);
});

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
