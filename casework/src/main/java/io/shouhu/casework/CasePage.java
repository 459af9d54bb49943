package io.shouhu.casework;

import java.util.List;

/**
 * One page of the case list, newest change first.
 *
 * @param nextCursor where the next page starts, or {@code null} on the last page
 */
public record CasePage(List<CaseSummary> items, String nextCursor) {
}
