package org.pt.dsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DocumentLink;
import org.eclipse.lsp4j.DocumentLinkParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.xtext.ide.server.rename.IRenameService2;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.pt.dsl.ide.rename.PackageNames;
import org.pt.dsl.ide.rename.RenameRules;
import com.google.inject.Inject;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightKind;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SelectionRange;
import org.eclipse.lsp4j.SelectionRangeParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.pt.dsl.ide.answers.AnswerTexts;
import org.pt.dsl.ide.answers.StatementAnswers;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.scoping.Imports;

/**
 * PT's language server: Xtext's {@link LanguageServerImpl} plus
 * <ul>
 * <li>an {@code initialize} that lists the workspace's files without building them: they are built afterwards, a few
 * per write request ({@link BackgroundBuildManager}), so that requests and edits are served in between (the client has
 * its answer before even this server is built: {@link ServerFront});</li>
 * <li>answers to the requests Xtext's server leaves to LSP4J's defaults, which fail with an internal error: selection
 * ranges (the nested syntax nodes around each position), document links (each import's path, to the imported file)
 * and inlay hints (each query statement's one-line answer);</li>
 * <li>empty answers where Xtext's services fail on a file without a single element (definitions, references, rename,
 * formatting);</li>
 * <li>positions past the end of a line or of the document taken as that end, as LSP says, where Xtext's services fail
 * on them (hover, completion, definition, references, highlights, range formatting);</li>
 * <li>rename and prepareRename each computed in one read request ({@link InReadAccess}: Xtext's own wait for read
 * requests of their own, which deadlocks behind a queued write), refusing with a reason what may not be renamed
 * ({@link RenameRules});</li>
 * <li>packages as names: rename, references, definition and highlights of a package, from its package line or a
 * qualified reference's package part, computed from the files' syntax trees ({@link PackageNames}).</li>
 * </ul>
 */
public class PtLanguageServer extends LanguageServerImpl {

    /** Files built per background write request: small, so that an edit waits for at most a few files. */
    static final int BACKGROUND_BATCH = 4;

    private final AtomicBoolean building = new AtomicBoolean();

    @Inject
    private UriExtensions uriExtensions;

    private volatile boolean shutDown;

    private final CompletableFuture<Void> backgroundBuilt = new CompletableFuture<>();

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        return super.initialize(params).thenApply(result -> {
            buildInBackground();
            return result;
        });
    }

    @Override
    protected ServerCapabilities createServerCapabilities(InitializeParams params) {
        return ServerFront.withPtAdditions(super.createServerCapabilities(params));
    }

    @Override
    public void didChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams params) {
        super.didChangeWorkspaceFolders(params);
        afterQueuedWrites();
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        super.didChangeConfiguration(params);
        afterQueuedWrites();
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutDown = true;
        return super.shutdown();
    }

    /** Completes when the files known at {@code initialize} have all been built (for tests and measurements). */
    public CompletableFuture<Void> backgroundBuilt() {
        return backgroundBuilt;
    }

    /** Builds the files queued by a workspace change once the writes queued before have run. */
    private void afterQueuedWrites() {
        getRequestManager().runRead(cancelIndicator -> null).whenComplete((ignored, error) -> buildInBackground());
    }

    private void buildInBackground() {
        if (building.compareAndSet(false, true)) {
            nextBatch();
        }
    }

    private void nextBatch() {
        BackgroundBuildManager manager = ((PtWorkspaceManager) getWorkspaceManager()).background();
        List<URI> batch = shutDown ? List.of() : manager.takePending(BACKGROUND_BATCH);
        // A file deleted since the folder was listed would fail every later build while it stays queued.
        batch.removeIf(file -> file.isFile() && !new java.io.File(file.toFileString()).isFile());
        if (batch.isEmpty() && manager.hasPending() && !shutDown) {
            nextBatch();
            return;
        }
        if (batch.isEmpty()) {
            building.set(false);
            backgroundBuilt.complete(null);
            if (manager.hasPending() && !shutDown) { // queued after the last take, before building was reset
                buildInBackground();
            }
            return;
        }
        // A batch cancelled by an edit stays in the build manager's dirty set: the edit's build builds it.
        ((BackgroundRequestManager) getRequestManager())
                .runBackgroundWrite(() -> getWorkspaceManager().didChangeFiles(batch, List.of()),
                        (cancelIndicator, buildable) -> buildable.build(cancelIndicator))
                .whenComplete((deltas, error) -> nextBatch());
    }

    /** On a package name, the package lines of its files ({@link PackageNames}); elsewhere Xtext's definition. */
    @Override
    protected List<? extends Location> definition(CancelIndicator cancelIndicator, DefinitionParams params) {
        URI uri = getURI(params);
        params.setPosition(within(uri, params.getPosition()));
        Optional<PackageNames.Span> pkg = packageAt(uri, params.getPosition());
        if (pkg.isPresent()) {
            return declarations(packageOccurrences(uri, pkg.get()));
        }
        return hasElements(uri) ? super.definition(cancelIndicator, params) : List.of();
    }

    /**
     * On a package name, the package parts of the qualified references to its elements, and its files' package lines
     * when the declaration is asked for ({@link PackageNames}); elsewhere Xtext's references.
     */
    @Override
    protected List<? extends Location> references(ReferenceParams params, CancelIndicator cancelIndicator) {
        URI uri = getURI(params);
        params.setPosition(within(uri, params.getPosition()));
        Optional<PackageNames.Span> pkg = packageAt(uri, params.getPosition());
        if (pkg.isPresent()) {
            return locations(packageOccurrences(uri, pkg.get()),
                    params.getContext() == null || !params.getContext().isIncludeDeclaration());
        }
        return hasElements(uri) ? super.references(params, cancelIndicator) : List.of();
    }

    /** On a package name, its occurrences in this file (the package line written); elsewhere Xtext's highlights. */
    @Override
    protected List<? extends DocumentHighlight> documentHighlight(DocumentHighlightParams params,
            CancelIndicator cancelIndicator) {
        URI uri = getURI(params);
        params.setPosition(within(uri, params.getPosition()));
        Optional<PackageNames.Span> pkg = packageAt(uri, params.getPosition());
        if (pkg.isEmpty()) {
            return super.documentHighlight(params, cancelIndicator);
        }
        List<DocumentHighlight> highlights = new ArrayList<>();
        for (PackageNames.Occurrence o : packageOccurrences(uri, pkg.get())) {
            if (o.uri().equals(uri)) {
                highlights.add(new DocumentHighlight(o.range(),
                        o.declaration() ? DocumentHighlightKind.Write : DocumentHighlightKind.Read));
            }
        }
        return highlights;
    }

    /** Xtext's hover, at a position within the document ({@link #within(Document, Position)}). */
    @Override
    protected Hover hover(HoverParams params, CancelIndicator cancelIndicator) {
        params.setPosition(within(getURI(params), params.getPosition()));
        return super.hover(params, cancelIndicator);
    }

    /** Xtext's completion, at a position within the document ({@link #within(Document, Position)}). */
    @Override
    protected Either<List<CompletionItem>, CompletionList> completion(CancelIndicator cancelIndicator,
            CompletionParams params) {
        params.setPosition(within(getURI(params), params.getPosition()));
        return super.completion(cancelIndicator, params);
    }

    /** The position in the open document {@code uri} a client means by {@code position} ({@link #within}). */
    private Position within(URI uri, Position position) {
        return getWorkspaceManager().doRead(uri,
                (document, resource) -> document == null ? position : within(document, position));
    }

    /**
     * A position within {@code document}: a character past the end of its line is the line's end, as LSP says; a line
     * past the last is the end of the document. (Xtext's services fail on either with an internal error.)
     */
    static Position within(Document document, Position position) {
        String text = document.getContents();
        int line = 0;
        int start = 0; // of the line
        while (line < position.getLine()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                return document.getPosition(text.length());
            }
            start = end + 1;
            line++;
        }
        int end = text.indexOf('\n', start);
        end = end < 0 ? text.length() : end;
        int length = end > start && text.charAt(end - 1) == '\r' ? end - start - 1 : end - start;
        int character = Math.max(0, Math.min(length, position.getCharacter()));
        return character == position.getCharacter() ? position : new Position(position.getLine(), character);
    }

    /** The package named at a position of a file: on its package line, or in a qualified reference's package part. */
    private Optional<PackageNames.Span> packageAt(URI uri, Position position) {
        PackageNames packages = getService(uri, PackageNames.class);
        if (packages == null) {
            return Optional.empty();
        }
        return getWorkspaceManager().doRead(uri, (document, resource) -> {
            if (resource == null || document.getContents().isEmpty()) {
                return Optional.<PackageNames.Span>empty();
            }
            return packages.at(resource, offset(document, position));
        });
    }

    private List<PackageNames.Occurrence> packageOccurrences(URI uri, PackageNames.Span pkg) {
        return getService(uri, PackageNames.class).occurrences(pkg.name(), getWorkspaceManager());
    }

    private List<Location> locations(List<PackageNames.Occurrence> occurrences, boolean referencesOnly) {
        List<Location> locations = new ArrayList<>();
        for (PackageNames.Occurrence o : occurrences) {
            if (!(referencesOnly && o.declaration())) {
                locations.add(new Location(uriExtensions.toUriString(o.uri()), o.range()));
            }
        }
        return locations;
    }

    /** On a package name, the package lines only: what a definition asks for. */
    private List<Location> declarations(List<PackageNames.Occurrence> occurrences) {
        return locations(occurrences.stream().filter(PackageNames.Occurrence::declaration).toList(), false);
    }

    /**
     * The range of the name at a position, when it may be renamed; a refusal (an LSP error with its reason) on a name
     * that may not (a format, the standard library's machines and package), nothing elsewhere; on a package, its
     * whole name on a package line, the package part of a qualified reference ({@link PackageNames}). Runs in this
     * read request alone ({@link InReadAccess}).
     */
    @Override
    protected Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior> prepareRename(
            PrepareRenameParams params, CancelIndicator cancelIndicator) {
        URI uri = getURI(params);
        IRenameService2 service = getService(uri, IRenameService2.class);
        RenameRules rules = getService(uri, RenameRules.class);
        if (service == null || rules == null || !hasElements(uri)) {
            return null;
        }
        Optional<PackageNames.Span> pkg = packageAt(uri, params.getPosition());
        if (pkg.isPresent()) {
            Optional<ResponseError> refused = getService(uri, PackageNames.class).refusal(pkg.get().name(),
                    getWorkspaceManager());
            if (refused.isPresent()) {
                throw new ResponseErrorException(refused.get());
            }
            return Either3.forFirst(getWorkspaceManager().doRead(uri, (document, resource) -> new Range(
                    document.getPosition(pkg.get().offset()), document.getPosition(pkg.get().end()))));
        }
        refuseIf(uri, params.getPosition(), rules::refusal);
        IRenameService2.PrepareRenameOptions options = new IRenameService2.PrepareRenameOptions();
        options.setLanguageServerAccess(new InReadAccess(getLanguageServerAccess(), getWorkspaceManager(),
                cancelIndicator));
        options.setParams(params);
        options.setCancelIndicator(cancelIndicator);
        return service.prepareRename(options);
    }

    @Override
    public CompletableFuture<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(
            PrepareRenameParams params) {
        return readOrRefusal(cancelIndicator -> prepareRename(params, cancelIndicator));
    }

    /**
     * A rename computed in this one read request: Xtext's rename service reads every file it changes through
     * {@link InReadAccess}, never through read requests of its own it would wait for (they deadlock behind a queued
     * write). A new name that is not an identifier, is a keyword or clashes, and a name that may not be renamed, are
     * refused with an LSP error that says why ({@link RenameRules}); the rename then changes nothing. A package is
     * renamed by {@link PackageNames}, in the same read request.
     */
    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        return readOrRefusal(cancelIndicator -> rename(params, cancelIndicator));
    }

    /**
     * A read request's answer, or the refusal it threw as the request's error. The refusal leaves the read as a value
     * and is thrown after it: Xtext logs every exception a read request ends with as an internal error, stack trace
     * and all.
     */
    private <T> CompletableFuture<T> readOrRefusal(java.util.function.Function<CancelIndicator, T> read) {
        return getRequestManager().runRead(cancelIndicator -> {
            try {
                return Either.<T, ResponseError>forLeft(read.apply(cancelIndicator));
            } catch (ResponseErrorException refused) {
                return Either.<T, ResponseError>forRight(refused.getResponseError());
            }
        }).thenApply(either -> {
            if (either.isRight()) {
                throw new ResponseErrorException(either.getRight());
            }
            return either.getLeft();
        });
    }

    /** One rename at a time: the first renames, run at once, race in the lazy set-up of Xtext's partial serializer. */
    private final Object renaming = new Object();

    @Override
    protected WorkspaceEdit rename(RenameParams params, CancelIndicator cancelIndicator) {
        URI uri = getURI(params.getTextDocument());
        IRenameService2 service = getService(uri, IRenameService2.class);
        RenameRules rules = getService(uri, RenameRules.class);
        if (service == null || rules == null || !hasElements(uri)) {
            return new WorkspaceEdit();
        }
        Optional<PackageNames.Span> pkg = packageAt(uri, params.getPosition());
        if (pkg.isPresent()) {
            return getService(uri, PackageNames.class).rename(pkg.get().name(), params.getNewName(),
                    getWorkspaceManager());
        }
        refuseIf(uri, params.getPosition(),
                element -> rules.refusal(element, params.getNewName(), getWorkspaceManager().getIndex()));
        IRenameService2.Options options = new IRenameService2.Options();
        options.setLanguageServerAccess(new InReadAccess(getLanguageServerAccess(), getWorkspaceManager(),
                cancelIndicator));
        options.setRenameParams(params);
        options.setCancelIndicator(cancelIndicator);
        synchronized (renaming) {
            return service.rename(options);
        }
    }

    /** Throws the refusal {@code rule} gives the element named at a position, if any. */
    private void refuseIf(URI uri, Position position,
            java.util.function.Function<EObject, Optional<ResponseError>> rule) {
        Optional<ResponseError> refused = getWorkspaceManager().doRead(uri,
                (document, resource) -> nameAt(uri, resource, document, position).flatMap(rule));
        if (refused.isPresent()) {
            throw new ResponseErrorException(refused.get());
        }
    }

    /**
     * The element whose name is at a position (a declaration's name, or a reference to the element), as Xtext's
     * rename finds it: at the position, or just before it (the caret after the name's last letter).
     */
    private Optional<EObject> nameAt(URI uri, XtextResource resource, Document document, Position position) {
        EObjectAtOffsetHelper helper = getService(uri, EObjectAtOffsetHelper.class);
        if (helper == null || resource == null) {
            return Optional.empty();
        }
        int offset;
        try {
            offset = document.getOffSet(position);
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        EObject element = helper.getElementWithNameAt(resource, offset);
        if (element == null && offset > 0) {
            element = helper.getElementWithNameAt(resource, offset - 1);
        }
        return element == null || element.eIsProxy() ? Optional.empty() : Optional.of(element);
    }

    @Override
    protected List<? extends TextEdit> formatting(DocumentFormattingParams params, CancelIndicator cancelIndicator) {
        return hasElements(getURI(params.getTextDocument())) ? super.formatting(params, cancelIndicator) : List.of();
    }

    @Override
    protected List<? extends TextEdit> rangeFormatting(DocumentRangeFormattingParams params,
            CancelIndicator cancelIndicator) {
        URI uri = getURI(params.getTextDocument());
        params.setRange(new Range(within(uri, params.getRange().getStart()), within(uri, params.getRange().getEnd())));
        return hasElements(getURI(params.getTextDocument())) ? super.rangeFormatting(params, cancelIndicator)
                : List.of();
    }

    /**
     * Whether a file has a syntax tree: Xtext's definitions, references, rename and formatting fail on one without (a file of comments only,
     * or nothing).
     */
    private boolean hasElements(URI uri) {
        return getWorkspaceManager().doRead(uri, (document, resource) -> resource != null
                && resource.getParseResult() != null && resource.getParseResult().getRootASTElement() != null);
    }

    /** A request no extension of the server offers: MethodNotFound, not Xtext's internal error. */
    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        if (!getExtensionProviders().containsKey(method)) {
            return CompletableFuture.failedFuture(Unsupported.notFound(method));
        }
        return super.request(method, parameter);
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        URI uri = getURI(params.getTextDocument());
        return getRequestManager().runRead(cancelIndicator -> getWorkspaceManager().doRead(uri,
                (document, resource) -> inlayHints(document, resource, params.getRange())));
    }

    /**
     * One hint per answered {@code walk}, {@code reach} and {@code report} statement in {@code range}: its one-line
     * answer at the end of the statement's line.
     */
    static List<InlayHint> inlayHints(Document document, XtextResource resource, Range range) {
        List<InlayHint> hints = new ArrayList<>();
        for (StatementAnswers.Answered a : StatementAnswers.of(resource)) {
            ICompositeNode node = NodeModelUtils.findActualNodeFor(a.statement());
            int line = document.getPosition(node.getEndOffset()).getLine();
            if (line < range.getStart().getLine() || line > range.getEnd().getLine()) {
                continue;
            }
            String text = document.getContents();
            int end = text.indexOf('\n', node.getEndOffset());
            end = end < 0 ? text.length() : end > 0 && text.charAt(end - 1) == '\r' ? end - 1 : end;
            InlayHint hint = new InlayHint(document.getPosition(end), Either.forLeft(AnswerTexts.label(a.answer())));
            hint.setPaddingLeft(true);
            hints.add(hint);
        }
        return hints;
    }

    @Override
    public CompletableFuture<List<SelectionRange>> selectionRange(SelectionRangeParams params) {
        URI uri = getURI(params.getTextDocument());
        return getRequestManager().runRead(cancelIndicator -> getWorkspaceManager().doRead(uri, (document, resource) -> {
            List<SelectionRange> ranges = new ArrayList<>();
            for (Position position : params.getPositions()) {
                ranges.add(selectionRange(document, resource, position));
            }
            return ranges;
        }));
    }

    /**
     * The ranges around a position, innermost first: the token, then each syntax node that strictly contains the
     * previous range (a node's range without its surrounding comments and white space).
     */
    static SelectionRange selectionRange(Document document, XtextResource resource, Position position) {
        int offset = offset(document, position);
        List<int[]> regions = new ArrayList<>(); // {offset, end}, growing
        ICompositeNode root = resource == null || resource.getParseResult() == null ? null
                : resource.getParseResult().getRootNode();
        ILeafNode leaf = root == null ? null : NodeModelUtils.findLeafNodeAtOffset(root, offset);
        int[] last = {offset, offset};
        for (INode node = leaf; node != null; node = node.getParent()) {
            int start = node.getOffset();
            int end = start + node.getLength();
            boolean grows = start <= last[0] && end >= last[1] && end - start > last[1] - last[0];
            if (grows) {
                last = new int[] {start, end};
                regions.add(last);
            }
        }
        if (regions.isEmpty()) {
            regions.add(last);
        }
        SelectionRange outer = null;
        for (int i = regions.size() - 1; i >= 0; i--) {
            int[] region = regions.get(i);
            outer = new SelectionRange(
                    new Range(document.getPosition(region[0]), document.getPosition(region[1])), outer);
        }
        return outer;
    }

    /** A position's offset, clamped to the document (a client may ask beyond its end). */
    private static int offset(Document document, Position position) {
        int length = document.getContents().length();
        try {
            return Math.max(0, Math.min(length, document.getOffSet(position)));
        } catch (IndexOutOfBoundsException e) {
            return length;
        }
    }

    @Override
    public CompletableFuture<List<DocumentLink>> documentLink(DocumentLinkParams params) {
        URI uri = getURI(params.getTextDocument());
        Imports imports = getService(uri, Imports.class);
        return getRequestManager().runRead(cancelIndicator -> getWorkspaceManager().doRead(uri, (document, resource) -> {
            List<DocumentLink> links = new ArrayList<>();
            if (imports == null || resource == null || resource.getContents().isEmpty()
                    || !(resource.getContents().get(0) instanceof Model model)) {
                return links;
            }
            for (Import imp : model.getImports()) {
                if (imports.resolve(imp) instanceof Imports.Found found) {
                    for (INode node : NodeModelUtils.findNodesForFeature(imp, PtPackage.Literals.IMPORT__IMPORT_URI)) {
                        Range range = new Range(document.getPosition(node.getOffset()),
                                document.getPosition(node.getOffset() + node.getLength()));
                        links.add(new DocumentLink(range, found.uri().toString()));
                    }
                }
            }
            return links;
        }));
    }
}
