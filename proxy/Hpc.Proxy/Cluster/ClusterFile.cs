using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster.Toml;
using Tomlyn;
using Tomlyn.Syntax;
using SyntaxParser = Tomlyn.Parsing.SyntaxParser;

namespace Hpc.Proxy.Cluster;

/// <summary>
/// Reads <c>cluster.toml</c> (format: docs/cluster-toml.md). Every problem, syntax or meaning, is reported as a
/// <see cref="ClusterFileException"/> naming the file, line and column.
/// </summary>
internal static class ClusterFile
{
    /// <summary>
    /// The deepest nesting of arrays and tables accepted (a cluster file needs 3). Tomlyn's parser recurses, and throws
    /// without a position beyond its own limit; ours is checked first so the message can name the line.
    /// </summary>
    private const int MaxDepth = 32;

    /// <summary>The problem of a file nested deeper than <see cref="MaxDepth"/>.</summary>
    private static readonly string s_tooDeep = $"arrays or tables nested more than {MaxDepth} deep";

    /// <summary>Tomlyn's options: only the depth limit.</summary>
    private static readonly TomlSerializerOptions s_parserOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Reads the cluster file at <paramref name="path"/>. Cpus of the node describing this machine are checked against
    /// <paramref name="localTopology"/>. Whether a missing file is an error is the caller's decision: check first.
    /// </summary>
    public static ClusterConfig Load(string path, NodeTopology localTopology)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(localTopology);
        if (!InputFile.TryReadText(path, out string? text, out string? problem))
        {
            throw new ClusterFileException(path, 0, 0, problem);
        }

        return Parse(text, path, localTopology);
    }

    /// <summary>
    /// Reads cluster file <paramref name="text"/>; <paramref name="path"/> only names it in messages. The roots of
    /// <c>allow</c> must be directories that exist, as <paramref name="directoryExists"/> (default: the file system) says.
    /// </summary>
    public static ClusterConfig Parse(string text, string path, NodeTopology localTopology, Func<string, bool>? directoryExists = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(localTopology);
        if (TomlNesting.FirstTooDeep(text, MaxDepth) is var (deepLine, deepColumn))
        {
            throw new ClusterFileException(path, deepLine, deepColumn, s_tooDeep);
        }

        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, s_parserOptions, path, validate: true);
        }
        catch (TomlException e)
        {
            // Tomlyn reports some problems (nesting beyond MaxDepth) by throwing instead of as a diagnostic, without a
            // position; the check above should have caught them first.
            var problem = e.Message.Contains("maximum depth", StringComparison.OrdinalIgnoreCase) ? s_tooDeep : ErrorText.OneLine(e.Message);
            throw new ClusterFileException(path, e.Line ?? 0, e.Column ?? 0, problem, e);
        }

        // Tomlyn's lexer and parser report separately, so the list is not in file order; the earliest one is the cause.
        var syntaxError = document.Diagnostics
            .Where(diagnostic => diagnostic.Kind == DiagnosticMessageKind.Error)
            .Select(diagnostic => (Position: Where(diagnostic, text), diagnostic.Message))
            .OrderBy(error => error.Position.Offset)
            .FirstOrDefault();
        if (syntaxError.Message is not null)
        {
            var (_, line, column) = syntaxError.Position;
            throw new ClusterFileException(path, line, column, ErrorText.OneLine(syntaxError.Message));
        }

        var root = TomlTreeBuilder.Build(document, path);
        var reader = new ClusterFileReader(path, localTopology, Environment.MachineName, Directory.GetCurrentDirectory(), directoryExists);
        return reader.Read(root);
    }

    /// <summary>
    /// The 1-based position of a Tomlyn diagnostic. Some "unexpected end of file" diagnostics carry an empty span at
    /// offset 0; those are moved to the end of the text, where the problem is.
    /// </summary>
    private static (int Offset, int Line, int Column) Where(DiagnosticMessage diagnostic, string text)
    {
        var start = diagnostic.Span.Start;
        var isUnplacedEof = start.Offset == 0 && diagnostic.Span.End.Offset == 0 && text.Length > 0
            && diagnostic.Message.Contains("<eof>", StringComparison.Ordinal);
        if (!isUnplacedEof)
        {
            return (start.Offset, start.Line + 1, start.Column + 1);
        }

        var lastNewLine = text.LastIndexOf('\n');
        return (text.Length, text.Count(c => c == '\n') + 1, text.Length - lastNewLine);
    }
}
