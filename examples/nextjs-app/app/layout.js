export const metadata = { title: 'Layerwise Next.js sample' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
