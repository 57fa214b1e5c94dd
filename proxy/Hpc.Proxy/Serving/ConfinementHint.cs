namespace Hpc.Proxy.Serving;

/// <summary>
/// Adds to a rank's failure report how to give the job a path it was denied: the exception alone says only "Access
/// to the path is denied", which does not tell a user that hermit-run confines the job, nor how to widen it.
/// </summary>
internal static class ConfinementHint
{
    /// <summary>What is added under the exception's first line.</summary>
    public const string Text =
        "  (hermit-run confines a job to its allowed roots: the working directory, --allow DIR[:rw] and allow = [\"DIR\"] in cluster.toml's [job]; "
        + "add the path's folder with --allow DIR to read it, --allow DIR:rw to write it)";

    /// <summary><paramref name="description"/> with the hint after its first line when it is a denied access; unchanged otherwise.</summary>
    public static string Add(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (!description.StartsWith("System.UnauthorizedAccessException", StringComparison.Ordinal) || description.Contains("--allow", StringComparison.Ordinal))
        {
            return description;
        }

        int end = description.IndexOf('\n');
        return end < 0 ? $"{description}\n{Text}" : $"{description[..end]}\n{Text}{description[end..]}";
    }
}
