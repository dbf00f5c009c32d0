package org.pt.tests.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.pt.dsl.PtStandaloneSetup;
import org.pt.dsl.services.PtGrammarAccess;

/** The grammar's keywords that are words (not {@code ..=} or {@code {}), read from the grammar itself. */
final class Keywords {
    private Keywords() {
    }

    /**
     * Every word keyword of a parser or enum rule ({@code ram}, {@code reserved}, {@code mmio}), sorted; not the
     * units ({@code KiB}), which are the engine's vocabulary (VocabularyTest), coloured and documented as units.
     */
    static Set<String> letterKeywords() {
        PtGrammarAccess access = new PtStandaloneSetup().createInjectorAndDoEMFRegistration()
                .getInstance(PtGrammarAccess.class);
        Set<String> keywords = new TreeSet<>();
        List<AbstractRule> rules = new ArrayList<>(GrammarUtil.allParserRules(access.getGrammar()));
        rules.addAll(GrammarUtil.allEnumRules(access.getGrammar()));
        rules.remove(access.getUnitRule());
        for (AbstractRule rule : rules) { // not terminal rules: their characters are no words
            for (Keyword k : GrammarUtil.containedKeywords(rule)) {
                if (Character.isLetter(k.getValue().charAt(0))) {
                    keywords.add(k.getValue());
                }
            }
        }
        return keywords;
    }
}
