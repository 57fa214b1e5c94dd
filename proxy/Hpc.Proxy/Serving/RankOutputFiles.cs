namespace Hpc.Proxy.Serving;

/// <summary>
/// Ranks' output written to files (<c>--output-filename</c>, <c>-outfile-pattern</c>) as it comes, byte for byte:
/// each file holds one rank's one stream, so nothing needs ordering or tagging. Files are created (truncated) on a
/// rank's first output; one that cannot be created sends that output back to the terminal.
/// </summary>
internal sealed class RankOutputFiles(OutputFileNames names)
{
    /// <summary>The open files by path.</summary>
    private readonly Dictionary<string, FileStream?> _files = new(StringComparer.Ordinal);

    /// <summary>Paths that could not be opened, with why (each is reported once by the caller).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>True when rank <paramref name="rank"/>'s <paramref name="error"/> stream goes to a file.</summary>
    public bool Takes(int rank, bool error) => rank >= 0 && names.PathOf(rank, error) is not null;

    /// <summary>Appends <paramref name="bytes"/> to the rank's file; false when the file cannot be written.</summary>
    public bool Write(int rank, bool error, ReadOnlySpan<byte> bytes)
    {
        string path = names.PathOf(rank, error)!;
        if (!_files.TryGetValue(path, out FileStream? file))
        {
            file = Open(path);
            _files[path] = file;
        }

        if (file is null)
        {
            return false;
        }

        try
        {
            file.Write(bytes);
            return true;
        }
        catch (IOException e)
        {
            Problems.Add($"{path}: {e.Message}");
            file.Dispose();
            _files[path] = null;
            return false;
        }
    }

    /// <summary>Pushes buffered bytes to the files.</summary>
    public void Flush()
    {
        foreach (FileStream? file in _files.Values)
        {
            try
            {
                file?.Flush();
            }
            catch (IOException)
            {
                // Reported at the next write, which fails the same way.
            }
        }
    }

    /// <summary>Closes every file.</summary>
    public void Close()
    {
        foreach (FileStream? file in _files.Values)
        {
            try
            {
                file?.Dispose();
            }
            catch (IOException)
            {
                // The job is over; nothing more can be done about a disk that failed at the end.
            }
        }

        _files.Clear();
    }

    /// <summary>Creates the file (and its folder), or notes why it cannot be.</summary>
    private FileStream? Open(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problems.Add($"{path}: {e.Message}");
            return null;
        }
    }
}
