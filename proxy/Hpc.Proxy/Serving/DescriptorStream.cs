using System.Runtime.InteropServices;

namespace Hpc.Proxy.Serving;

/// <summary>
/// A stream over an inherited descriptor (0, 1 or 2) that calls <c>read(2)</c> and <c>write(2)</c> itself. A
/// <see cref="FileStream"/> over a regular file keeps its own position and uses <c>pread</c>/<c>pwrite</c>, so when
/// hermit-run's output is a file the shell shares (<c>{ echo a; hermit-run …; echo b; } &gt; log</c>, a batch
/// system's output file), its lines overwrote what others wrote before and were overwritten after; and input read
/// from a shared file left the shell's offset where it was. <c>read(2)</c> and <c>write(2)</c> move the shared
/// offset (and honour O_APPEND) as every other program's do.
/// </summary>
internal sealed partial class DescriptorStream : Stream
{
    /// <summary>EINTR.</summary>
    private const int Interrupted = 4;

    /// <summary>The descriptor (not closed by this stream).</summary>
    private readonly int _fd;

    /// <summary>Reads from or writes to <paramref name="fd"/>.</summary>
    public DescriptorStream(int fd) => _fd = fd;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes all of <paramref name="buffer"/>; throws <see cref="IOException"/> when the descriptor refuses.</summary>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint written = WriteSyscall(_fd, start + done, (nuint)(buffer.Length - done));
                if (written < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    throw new IOException($"write to descriptor {_fd} failed (errno {errno})", errno);
                }

                done += (int)written;
            }
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <summary>Reads what is there, up to <paramref name="buffer"/>'s length (0 at end of input); waits for some.</summary>
    public override unsafe int Read(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                nint read = ReadSyscall(_fd, start, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted)
                {
                    throw new IOException($"read from descriptor {_fd} failed (errno {errno})", errno);
                }
            }
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>read(2).</summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadSyscall(int fd, byte* buffer, nuint count);

    /// <summary>write(2).</summary>
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteSyscall(int fd, byte* buffer, nuint count);
}
