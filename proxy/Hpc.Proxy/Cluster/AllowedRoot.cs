namespace Hpc.Proxy.Cluster;

/// <summary>A file root jobs may reach, read-only unless <paramref name="Writable"/>.</summary>
/// <param name="Path">The absolute, normalized directory, without a trailing slash (except "/").</param>
/// <param name="Writable">True when jobs may also write below it.</param>
internal sealed record AllowedRoot(string Path, bool Writable)
{
    /// <summary>The suffix that makes a root writable.</summary>
    private const string WritableSuffix = ":rw";

    /// <summary>The suffix that says read-only explicitly (the default).</summary>
    private const string ReadOnlySuffix = ":ro";

    /// <summary>
    /// Parses <c>PATH[:rw]</c> (or <c>PATH:ro</c>) as written in <c>allow = [...]</c> or <c>--allow</c>. A relative
    /// path is taken relative to <paramref name="baseDirectory"/>; a leading <c>~</c> means $HOME. Throws
    /// <see cref="FormatException"/> with a one-line reason when the text names no path.
    /// </summary>
    public static AllowedRoot Parse(string text, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var path = text.Trim();
        var writable = false;
        if (path.EndsWith(WritableSuffix, StringComparison.Ordinal))
        {
            writable = true;
            path = path[..^WritableSuffix.Length];
        }
        else if (path.EndsWith(ReadOnlySuffix, StringComparison.Ordinal))
        {
            path = path[..^ReadOnlySuffix.Length];
        }

        if (path.Length == 0)
        {
            throw new FormatException($"'{text}' names no path (write PATH or PATH:rw)");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException($"'{text.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character");
        }

        // No shell expands "~" inside a TOML string, so do it here the way users expect.
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                throw new FormatException($"'{text}' starts with ~ but HOME is not set");
            }

            path = home + path[1..];
        }

        var full = System.IO.Path.GetFullPath(path, System.IO.Path.GetFullPath(baseDirectory));
        full = System.IO.Path.TrimEndingDirectorySeparator(full);
        return new AllowedRoot(full, writable);
    }

    /// <summary>The root in <c>PATH[:rw]</c> form.</summary>
    public override string ToString() => Writable ? Path + WritableSuffix : Path;
}
