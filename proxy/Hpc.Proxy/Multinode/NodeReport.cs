using System.Globalization;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The line a per-node proxy writes last on its standard output, which hydra carries to the first node: which node
/// it is and how its share of the job ended. The first node's hermit-run takes these lines out of the output.
/// </summary>
/// <param name="Node">The node's index.</param>
/// <param name="Status">Its exit status (0: every rank of the node ended well).</param>
internal readonly record struct NodeReport(int Node, int Status)
{
    /// <summary>Starts every report line (a record separator, never written by a job's text output).</summary>
    public const string Marker = "\u001ehpc-node ";

    /// <summary>The line, newline included.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"{Marker}{Node} {Status}\n");

    /// <summary>Parses a line (without its newline) written by <see cref="ToLine"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out NodeReport report)
    {
        report = default;
        if (!line.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = line[Marker.Length..];
        int space = rest.IndexOf(' ');
        if (space < 0 || !int.TryParse(rest[..space], CultureInfo.InvariantCulture, out int node) || !int.TryParse(rest[(space + 1)..], CultureInfo.InvariantCulture, out int status))
        {
            return false;
        }

        report = new NodeReport(node, status);
        return true;
    }
}
