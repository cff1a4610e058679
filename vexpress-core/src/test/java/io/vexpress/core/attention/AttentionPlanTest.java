package io.vexpress.core.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.AttentionSchedule;
import io.vexpress.AttentionWeights;
import io.vexpress.InvalidInputException;
import org.junit.jupiter.api.Test;

class AttentionPlanTest {

    @Test
    void constantWeightsReproduceTheReference() {
        AttentionWeights w = new AttentionWeights(0.95, 3.0);
        AttentionPlan plan = AttentionPlan.constant(w, 25);
        assertTrue(plan.isConstant());
        for (int i = 0; i < 25; i++) {
            assertEquals(w, plan.at(i));
        }
        assertTrue(plan.warnings().isEmpty());
    }

    @Test
    void schedulesAreEvaluatedPerStep() {
        AttentionPlan plan = AttentionPlan.of(AttentionSchedule.linear(new AttentionWeights(1, 3),
                new AttentionWeights(1, 1)), 3);
        assertFalse(plan.isConstant());
        assertEquals(3.0, plan.at(0).audio());
        assertEquals(2.0, plan.at(1).audio());
        assertEquals(1.0, plan.at(2).audio());
    }

    @Test
    void warnsOnceOutsideTheDocumentedRanges() {
        AttentionPlan plan = AttentionPlan.constant(new AttentionWeights(1.5, 4.0), 10);
        assertEquals(2, plan.warnings().size());
        assertTrue(plan.warnings().get(0).contains("0.9-1.0"));
        assertTrue(plan.warnings().get(1).contains("1.0-3.0"));
    }

    @Test
    void rejectsMissingOrInvalidWeights() {
        assertThrows(InvalidInputException.class, () -> AttentionPlan.of((s, n) -> s == 2 ? null
                : new AttentionWeights(1, 1), 4));
        assertThrows(InvalidInputException.class, () -> AttentionPlan.of((s, n) -> new AttentionWeights(1, -s), 4));
        assertThrows(InvalidInputException.class, () -> new AttentionWeights(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> AttentionPlan.constant(new AttentionWeights(1, 1), 0));
    }
}
