package io.cynodeai.connector.core.tenancy;

import java.util.List;

/**
 * What one retention run did.
 *
 * @param purgedInstances ids of soft-deleted instances removed for good
 * @param keptForCredentials ids past retention but kept because their credential wipe was not verified
 * @param purgedAuditEvents how many audit events were deleted (0 when the audit sink keeps no events)
 */
public record PurgeReport(List<String> purgedInstances, List<String> keptForCredentials, long purgedAuditEvents) {
  public PurgeReport {
    purgedInstances = List.copyOf(purgedInstances);
    keptForCredentials = List.copyOf(keptForCredentials);
  }
}
