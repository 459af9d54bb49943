/**
 * Demo reference data: the Longwan and Ouhai jurisdictions, their hospitals and workstations, seeded
 * idempotently at start when the demo is on.
 */
package io.shouhu.demo;
