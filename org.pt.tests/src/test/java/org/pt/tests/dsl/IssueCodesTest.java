package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Code;

/** One issue code class: a constant per engine code, named after it, and no two constants with one value. */
class IssueCodesTest {

    @Test
    void everyEngineCodeHasItsConstant() throws Exception {
        for (Code c : Code.values()) {
            Field f = IssueCodes.class.getField(c.name());
            assertEquals("pt." + c.name().toLowerCase(Locale.ROOT), f.get(null), c.name());
            assertEquals(IssueCodes.of(c), f.get(null));
        }
    }

    @Test
    void everyConstantIsAPublicStringWithItsOwnValue() throws Exception {
        Set<Object> values = new HashSet<>();
        for (Field f : IssueCodes.class.getFields()) {
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), f.getName());
            Object v = f.get(null);
            assertTrue(v instanceof String s && s.equals("pt." + f.getName().toLowerCase(Locale.ROOT)), f.getName());
            assertTrue(values.add(v), "two constants are " + v);
        }
    }
}
