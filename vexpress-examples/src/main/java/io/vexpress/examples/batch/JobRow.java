package io.vexpress.examples.batch;

import java.util.Map;

/**
 * One row of a jobs table as text: column name to cell, empty cells left out.
 *
 * @param number the row's 1-based number among the data rows (the header is not counted)
 * @param cells the non-empty cells by column name
 */
public record JobRow(int number, Map<String, String> cells) {
    public JobRow {
        cells = Map.copyOf(cells);
    }
}
