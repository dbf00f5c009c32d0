package org.pt.dsl.ui.services;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentCommand;
import org.eclipse.jface.text.IAutoEditStrategy;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextUtilities;

/**
 * Typing: a {@code {} at the end of a line gets its {@code }} on a line below at the line's indentation, the caret
 * between them (as PT's formatter lays out a block); {@code "} gets its closing quote.
 */
public final class PtClosingBraces implements IAutoEditStrategy {

    @Override
    public void customizeDocumentCommand(IDocument document, DocumentCommand command) {
        if (command.length != 0 || command.text == null) {
            return;
        }
        try {
            int line = document.getLineOfOffset(command.offset);
            int lineStart = document.getLineOffset(line);
            String rest = document.get(command.offset, document.getLineLength(line) - (command.offset - lineStart))
                    .strip();
            if (!rest.isEmpty()) {
                return; // typing in the middle of a line: nothing added
            }
            String before = document.get(lineStart, command.offset - lineStart);
            String indent = before.substring(0, before.length() - before.stripLeading().length());
            if (command.text.equals("{")) {
                String delimiter = TextUtilities.getDefaultLineDelimiter(document); // the file's own
                String inner = indent + "    ";
                command.text = "{" + delimiter + inner + delimiter + indent + "}";
                command.caretOffset = command.offset + 1 + delimiter.length() + inner.length();
                command.shiftsCaret = false;
            } else if (command.text.equals("\"") && before.chars().filter(c -> c == '"').count() % 2 == 0) {
                command.text = "\"\"";
                command.caretOffset = command.offset + 1;
                command.shiftsCaret = false;
            }
        } catch (BadLocationException e) {
            // a command outside the document: left as typed
        }
    }
}
