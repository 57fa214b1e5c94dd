using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hpc.Proxy.Files;

namespace Hpc.Proxy.Cli;

/// <summary>
/// Reads the small text files named to hermit-run (cluster file, host file) with a bound: only a regular file is
/// opened, since opening a FIFO waits for a writer forever and a device such as /dev/zero never ends, and no more than
/// a size cap is read, so a wrong name costs one line instead of a hang or gigabytes of memory.
/// </summary>
internal static class InputFile
{
    /// <summary>The largest file read: a cluster file for thousands of nodes is far below it.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// Reads <paramref name="path"/> as text (UTF-8, or as its byte-order mark says). On failure returns false with a
    /// one-line <paramref name="problem"/> that does not repeat the path.
    /// </summary>
    public static bool TryReadText(string path, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        text = null;
        problem = null;

        // Judged before opening: open(2) itself blocks on a FIFO. statx follows symlinks, as open would.
        int status = LibC.Stat(LibC.AtCurrentDirectory, path, 0, out HostFileStat stat);
        if (status < 0)
        {
            problem = $"cannot read the file: {Errno(-status)}";
            return false;
        }

        if (stat.Type != HostFileType.File)
        {
            problem = $"{KindOf(stat.Mode)}, not a regular file";
            return false;
        }

        if (stat.Size > MaxBytes)
        {
            problem = $"the file has {stat.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes; at most {MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} are read";
            return false;
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);

            // The size was checked, but the file may grow (or be swapped) meanwhile: never read past the cap.
            byte[] buffer = new byte[MaxBytes + 1];
            int length = 0;
            int read;
            while (length < buffer.Length && (read = file.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxBytes)
            {
                problem = $"the file has more than {MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, the most that are read";
                return false;
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read the file: {ErrorText.OneLine(e.Message)}";
            return false;
        }
    }

    /// <summary>What an <c>st_mode</c> that is not a regular file names ("a FIFO", "a character device"…).</summary>
    private static string KindOf(uint mode) => (mode & 0xF000) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "a special file",
    };

    /// <summary>The usual text of an errno ("No such file or directory").</summary>
    private static string Errno(int errno) => new System.ComponentModel.Win32Exception(errno).Message;
}
