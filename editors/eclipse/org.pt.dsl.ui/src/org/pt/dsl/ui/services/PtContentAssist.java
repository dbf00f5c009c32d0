package org.pt.dsl.ui.services;

import java.util.List;
import java.util.Optional;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.pt.dsl.ui.PtUiPlugin;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * The language server's completion (keywords, names in scope, formats, features, units, library files) as the
 * Generic Editor's content assist: each item's edit, label, detail and documentation; auto-activated on the server's
 * trigger characters.
 */
public final class PtContentAssist implements IContentAssistProcessor {

    /** {@link #getErrorMessage()} when the server did not answer in time. */
    public static final String NO_ANSWER = "PT's language server did not answer within "
            + PtServerConnection.UI_TIMEOUT_MILLIS + " ms: no proposals";

    /** What the list says when the server gave no answer in time, or null. */
    private volatile String errorMessage;

    /**
     * The server's completion at {@code offset}: asked for on one of the plug-in's threads and waited for at most
     * {@link PtServerConnection#UI_TIMEOUT_MILLIS} (the content assistant calls this on the UI thread); without an
     * answer by then, no proposals and {@link #getErrorMessage()} says why.
     */
    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        errorMessage = null;
        return ServerDocument.of(viewer.getDocument()).map(document -> {
            try {
                Position position = document.position(offset);
                Optional<Either<List<CompletionItem>, CompletionList>> answer = document.ask(server -> server
                        .connection().documents().completion(new CompletionParams(server.id(), position)));
                if (answer.isEmpty()) {
                    errorMessage = NO_ANSWER;
                    return new ICompletionProposal[0];
                }
                List<CompletionItem> items = answer.get().isLeft() ? answer.get().getLeft()
                        : answer.get().getRight().getItems();
                ICompletionProposal[] proposals = new ICompletionProposal[items.size()];
                for (int i = 0; i < proposals.length; i++) {
                    proposals[i] = proposal(document, offset, items.get(i));
                }
                return proposals;
            } catch (BadLocationException e) {
                return new ICompletionProposal[0];
            }
        }).orElse(new ICompletionProposal[0]);
    }

    /** The item as a proposal replacing its edit's range (or inserting its text at {@code offset}). */
    private static ICompletionProposal proposal(ServerDocument document, int offset, CompletionItem item)
            throws BadLocationException {
        String text = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
        int start = offset;
        int end = offset;
        if (item.getTextEdit() != null) {
            TextEdit edit = item.getTextEdit().isLeft() ? item.getTextEdit().getLeft() : new TextEdit(
                    item.getTextEdit().getRight().getReplace(), item.getTextEdit().getRight().getNewText());
            text = edit.getNewText();
            start = document.offset(edit.getRange().getStart());
            end = Math.max(offset, document.offset(edit.getRange().getEnd()));
        }
        String display = item.getDetail() == null || item.getDetail().isBlank() ? item.getLabel()
                : item.getLabel() + " — " + item.getDetail();
        return new CompletionProposal(text, start, end - start, text.length(), null, display, null,
                documentation(item));
    }

    private static String documentation(CompletionItem item) {
        if (item.getDocumentation() == null) {
            return item.getDetail();
        }
        return item.getDocumentation().isLeft() ? item.getDocumentation().getLeft()
                : Markdown.plain(item.getDocumentation().getRight().getValue());
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        CompletionOptions options = PtUiPlugin.connection().capabilities().getCompletionProvider();
        List<String> triggers = options == null || options.getTriggerCharacters() == null ? List.of()
                : options.getTriggerCharacters();
        char[] characters = new char[triggers.size()];
        for (int i = 0; i < characters.length; i++) {
            characters[i] = triggers.get(i).charAt(0);
        }
        return characters;
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return errorMessage;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
