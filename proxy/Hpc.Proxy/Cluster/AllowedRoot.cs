using Hpc.Proxy.Cli;

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

    /// <summary>The longest letters-only tail after a colon taken for a mistyped mode rather than part of a path.</summary>
    private const int ModeLength = 8;

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
            throw new FormatException($"{ErrorText.Quote(text)} names no path (write PATH or PATH:rw)");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException($"{ErrorText.Quote(text)} contains a NUL character");
        }

        // No shell expands "~" inside a TOML string, so do it here the way users expect.
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                throw new FormatException($"{ErrorText.Quote(text)} starts with ~ but HOME is not set");
            }

            path = home + path[1..];
        }

        var full = System.IO.Path.GetFullPath(path, System.IO.Path.GetFullPath(baseDirectory));
        full = System.IO.Path.TrimEndingDirectorySeparator(full);
        return new AllowedRoot(full, writable);
    }

    /// <summary>
    /// Parses like <see cref="Parse"/> and also requires the root to be a directory that exists now. A root that does
    /// not exist would only be skipped when the job starts, and the job would then fail on a path its user thinks is
    /// allowed; a mode other than <c>:rw</c> or <c>:ro</c> (such as <c>:RW</c>) would silently become part of a path
    /// that does not exist. <paramref name="directoryExists"/> (default: the file system) says which directories exist.
    /// Throws <see cref="FormatException"/> with a one-line reason.
    /// </summary>
    public static AllowedRoot ParseExisting(string text, string baseDirectory, Func<string, bool>? directoryExists = null)
    {
        var root = Parse(text, baseDirectory);
        if ((directoryExists ?? Directory.Exists)(root.Path))
        {
            return root;
        }

        // "PATH:xx" where PATH:xx is no directory: a mistyped mode is far likelier than a path ending in ":xx".
        var colon = root.Path.LastIndexOf(':');
        var mode = colon > 0 ? root.Path[(colon + 1)..] : "";
        if (mode.Length is > 0 and <= ModeLength && mode.All(char.IsAsciiLetter))
        {
            throw new FormatException($"{ErrorText.Quote(text)} has an unknown mode ':{mode}' (write PATH:rw for read-write, PATH or PATH:ro for read-only)");
        }

        var resolved = root.Path == text.Trim() ? "" : $" ({ErrorText.Short(root.Path)})";
        throw new FormatException(File.Exists(root.Path)
            ? $"{ErrorText.Quote(text)}{resolved} is a file; a root must be a directory"
            : $"{ErrorText.Quote(text)}{resolved}: no such directory");
    }

    /// <summary>The root in <c>PATH[:rw]</c> form.</summary>
    public override string ToString() => Writable ? Path + WritableSuffix : Path;
}
