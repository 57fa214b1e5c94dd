using Hpc.Proxy.Cluster.Toml;
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
    /// Reads the cluster file at <paramref name="path"/>. Cpus of the node describing this machine are checked against
    /// <paramref name="localTopology"/>. Whether a missing file is an error is the caller's decision: check first.
    /// </summary>
    public static ClusterConfig Load(string path, NodeTopology localTopology)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(localTopology);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ClusterFileException(path, 0, 0, $"cannot read the file: {OneLine(e.Message)}", e);
        }

        return Parse(text, path, localTopology);
    }

    /// <summary>Reads cluster file <paramref name="text"/>; <paramref name="path"/> only names it in messages.</summary>
    public static ClusterConfig Parse(string text, string path, NodeTopology localTopology)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(localTopology);
        var document = SyntaxParser.Parse(text, path, validate: true);

        // Tomlyn's lexer and parser report separately, so the list is not in file order; the earliest one is the cause.
        var syntaxError = document.Diagnostics
            .Where(diagnostic => diagnostic.Kind == DiagnosticMessageKind.Error)
            .Select(diagnostic => (Position: Where(diagnostic, text), diagnostic.Message))
            .OrderBy(error => error.Position.Offset)
            .FirstOrDefault();
        if (syntaxError.Message is not null)
        {
            var (_, line, column) = syntaxError.Position;
            throw new ClusterFileException(path, line, column, OneLine(syntaxError.Message));
        }

        var root = TomlTreeBuilder.Build(document, path);
        var reader = new ClusterFileReader(path, localTopology, Environment.MachineName, Directory.GetCurrentDirectory());
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

    /// <summary>Keeps a message on one line, as the <c>FILE:LINE:COL: problem</c> form promises.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
