// hadolint DL3007 (`:latest` is a moving target) ↔ unpinned-base-image.
import { conformance, lines } from '../../support/conformance';

const digest = `sha256:${'cd'.repeat(32)}`;
conformance('DL3007', [
  { behaviour: 'an explicit :latest tag', hadolintReports: true, dockerfile: lines('FROM alpine:latest') },
  {
    behaviour: 'an explicit :latest tag on a named stage',
    hadolintReports: true,
    dockerfile: lines('FROM alpine:latest AS base', 'RUN true'),
  },
  {
    behaviour: 'an old Debian codename (jessie) names a release',
    hadolintReports: false,
    dockerfile: lines('FROM debian:jessie'),
  },
  {
    behaviour: 'an old Debian codename (stretch) on a named stage names a release',
    hadolintReports: false,
    dockerfile: lines('FROM debian:stretch AS legacy', 'RUN true'),
  },
  {
    behaviour: 'a digest without a tag',
    hadolintReports: false,
    dockerfile: lines(`FROM registry.example.com/debian@${digest}`),
  },
  {
    behaviour: ':latest pinned by a digest',
    hadolintReports: false,
    dockerfile: lines(`FROM registry.example.com/debian:latest@${digest}`),
  },
]);
