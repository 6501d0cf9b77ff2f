// hadolint DL3022 (COPY --from should name an earlier stage) ↔ unnamed-stage.
import { conformance, lines } from '../../support/conformance';

const positional =
  'a numeric --from points at whatever stage sits at that position; inserting a stage silently changes it, so Layerwise asks for a name';
conformance('DL3022', [
  {
    behaviour: '--from names no stage and no image reference',
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'COPY --from=assets dist /srv/'),
  },
  {
    behaviour: '--from names a stage defined after it',
    hadolintReports: true,
    dockerfile: lines(
      'FROM alpine:3.20',
      'COPY --from=build out /srv/',
      'FROM golang:1.22 AS build',
      'RUN go build -o /out .',
    ),
  },
  {
    behaviour: '--from names an earlier stage',
    hadolintReports: false,
    dockerfile: lines(
      'FROM golang:1.22 AS build',
      'RUN go build -o /out .',
      'FROM alpine:3.20',
      'COPY --from=build /out /app',
      'CMD ["/app"]',
    ),
  },
  {
    behaviour: '--from names an external image with a tag',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/'),
  },
  {
    behaviour: '--from=0 in a file with one stage (the stage itself)',
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'COPY --from=0 /etc/os-release /tmp/'),
  },
  {
    behaviour: '--from=0 pointing at a named earlier stage',
    hadolintReports: false,
    differsBecause: positional,
    dockerfile: lines(
      'FROM golang:1.22 AS build',
      'RUN go build -o /out .',
      'FROM alpine:3.20',
      'COPY --from=0 /out /app',
    ),
  },
  {
    behaviour: '--from=0 pointing at an unnamed earlier stage',
    hadolintReports: false,
    differsBecause: positional,
    dockerfile: lines('FROM golang:1.22', 'RUN go build -o /out .', 'FROM alpine:3.20', 'COPY --from=0 /out /app'),
  },
]);
