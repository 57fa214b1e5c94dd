using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Hpc.Proxy.Cluster.Toml;

/// <summary>
/// Finds where a TOML text nests arrays and inline tables too deep, before Tomlyn's parser (which recurses) sees it.
/// Tomlyn's lexer does the work, so brackets inside strings and comments are not counted; this is a count of tokens,
/// not a second parser.
/// </summary>
internal static class TomlNesting
{
    /// <summary>
    /// The 1-based line and column of the first bracket or brace that opens level <paramref name="maxDepth"/> + 1, or
    /// null when the text stays within <paramref name="maxDepth"/> levels.
    /// </summary>
    public static (int Line, int Column)? FirstTooDeep(string text, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lexer = TomlLexer.Create(text, "");
        var depth = 0;
        while (lexer.MoveNext())
        {
            var token = lexer.Current;
            depth += token.Kind switch
            {
                TokenKind.OpenBracket or TokenKind.OpenBrace => 1,
                TokenKind.OpenBracketDouble => 2,
                TokenKind.CloseBracket or TokenKind.CloseBrace => -1,
                TokenKind.CloseBracketDouble => -2,
                _ => 0,
            };
            if (depth > maxDepth)
            {
                return (token.Start.Line + 1, token.Start.Column + 1);
            }
        }

        return null;
    }
}
