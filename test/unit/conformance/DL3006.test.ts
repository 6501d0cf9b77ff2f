// hadolint DL3006 (always tag the image version) ↔ unpinned-base-image.
import { conformance, lines } from '../../support/conformance';

conformance('DL3006', [
  { behaviour: 'a base image with no tag', hadolintReports: true, dockerfile: lines('FROM ubuntu', 'CMD ["bash"]') },
  {
    behaviour: 'a named stage whose image has no tag',
    hadolintReports: true,
    dockerfile: lines('FROM ubuntu AS tools', 'RUN true'),
  },
  {
    behaviour: 'a base image pinned by digest only',
    hadolintReports: false,
    dockerfile: lines(`FROM python@sha256:${'ab'.repeat(32)}`),
  },
  { behaviour: 'a base image with a major-version tag', hadolintReports: false, dockerfile: lines('FROM python:3') },
  {
    behaviour: 'a base image given by a build argument with no default',
    hadolintReports: false,
    dockerfile: lines('ARG BASE', 'FROM ${BASE}'),
  },
  {
    behaviour: 'FROM an earlier stage name needs no tag',
    hadolintReports: false,
    dockerfile: lines(
      'FROM golang:1.22-alpine AS build',
      'RUN go version',
      'FROM build AS test',
      'RUN go vet ./...',
      'FROM alpine:3.20',
      'RUN true',
    ),
  },
  {
    behaviour: 'an untagged image in a middle stage',
    hadolintReports: true,
    dockerfile: lines(
      'FROM golang:1.22-alpine AS build',
      'RUN go version',
      'FROM node AS web',
      'RUN node -v',
      'FROM alpine:3.20',
      'RUN true',
    ),
  },
  { behaviour: 'scratch has no tags', hadolintReports: false, dockerfile: lines('FROM scratch', 'COPY app /app') },
]);
