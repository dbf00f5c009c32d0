package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Code;

/**
 * One issue code class: a literal constant per engine code (so {@code @Fix} can name it), named after it and equal
 * to its derived name, exactly one per code, and no two constants with one value.
 */
class IssueCodesTest {

    @Test
    void everyEngineCodeHasExactlyOneConstantNamedAfterIt() throws Exception {
        for (Code c : Code.values()) {
            Field f = IssueCodes.class.getField(c.name());
            assertEquals("pt." + c.name().toLowerCase(Locale.ROOT), f.get(null), c.name());
            assertEquals(IssueCodes.of(c), f.get(null));
            int holding = 0;
            for (Field g : IssueCodes.class.getFields()) {
                holding += IssueCodes.of(c).equals(g.get(null)) ? 1 : 0;
            }
            assertEquals(1, holding, c.name());
        }
    }

    /** Every constant is {@code "pt."} and its lower-case name, and no two share a value. */
    @Test
    void everyConstantIsALiteralWithItsOwnValue() throws Exception {
        Set<Object> values = new HashSet<>();
        for (Field f : IssueCodes.class.getFields()) {
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), f.getName());
            Object v = f.get(null);
            assertTrue(v instanceof String s && s.equals("pt." + f.getName().toLowerCase(Locale.ROOT)), f.getName());
            assertTrue(values.add(v), "two constants are " + v);
        }
    }

    /** Like Xtext's {@code @Fix}: an annotation element, which only a compile-time constant can fill. */
    @Retention(RetentionPolicy.RUNTIME)
    @interface Fix {
        String[] value();
    }

    @Test
    @Fix({IssueCodes.STRATEGY_SLOT_COLLISION, IssueCodes.TABLES_UNREACHABLE})
    void theCodesWithQuickFixDataCanKeyAFix() throws Exception {
        Fix fix = IssueCodesTest.class.getDeclaredMethod("theCodesWithQuickFixDataCanKeyAFix").getAnnotation(Fix.class);
        assertArrayEquals(new String[] {"pt.strategy_slot_collision", "pt.tables_unreachable"}, fix.value());
    }
}
