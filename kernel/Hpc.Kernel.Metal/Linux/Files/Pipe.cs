using System.Threading;
using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Memory;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// Pipes inside the program (pipe2): the runtime's console and signal handling pass signal numbers from handlers
/// to a thread that blocks reading. A few pipes of one page each; a reader waits on the pipe's write count and a
/// writer on its read count with the kernel's own futex (<see cref="Futex"/>, on kernel words), so blocking pipe
/// calls cost their vCPU nothing.
/// </summary>
internal static unsafe class Pipe
{
    /// <summary>Pipes a program may open in its life.</summary>
    public const int Capacity = 32;
    /// <summary>Bytes a pipe buffers.</summary>
    private const int BufferSize = 4096;

    /// <summary>One pipe's state (raw memory).</summary>
    private struct State
    {
        /// <summary>Guards the rest.</summary>
        public int Lock;
        /// <summary>Bytes written so far.</summary>
        public int Written;
        /// <summary>Bytes read so far.</summary>
        public int Read;
        /// <summary>Bumped by each write and write-end close: readers wait for it to change.</summary>
        public int WriterEvents;
        /// <summary>Bumped by each read and read-end close: writers wait for it to change.</summary>
        public int ReaderEvents;
        /// <summary>Open read-end descriptors.</summary>
        public int Readers;
        /// <summary>Open write-end descriptors.</summary>
        public int Writers;
        /// <summary>The ring buffer.</summary>
        public byte* Buffer;
    }

    /// <summary>The pipes.</summary>
    private static State* s_pipes;
    /// <summary>Pipes handed out.</summary>
    private static int s_count;

    /// <summary>Claims the table.</summary>
    public static void Setup() => s_pipes = (State*)PhysicalMemory.Claim((ulong)(Capacity * sizeof(State)));

    /// <summary>A new pipe's index (one reader, one writer), or -1 when all are used.</summary>
    public static int Create()
    {
        int index = Interlocked.Increment(ref s_count) - 1;
        if (index >= Capacity)
        {
            return -1;
        }

        State* pipe = s_pipes + index;
        pipe->Buffer = PhysicalMemory.Claim(BufferSize);
        pipe->Readers = 1;
        pipe->Writers = 1;
        return index;
    }

    /// <summary>Counts one more descriptor on an end (dup).</summary>
    public static void AddEnd(int index, bool writeEnd) => Interlocked.Increment(ref writeEnd ? ref s_pipes[index].Writers : ref s_pipes[index].Readers);

    /// <summary>Counts one descriptor less on an end (close), waking the other side so it sees the end.</summary>
    public static void CloseEnd(int index, bool writeEnd)
    {
        State* pipe = s_pipes + index;
        Interlocked.Decrement(ref writeEnd ? ref pipe->Writers : ref pipe->Readers);
        Interlocked.Increment(ref writeEnd ? ref pipe->WriterEvents : ref pipe->ReaderEvents);
        Futex.Wake((ulong)(writeEnd ? &pipe->WriterEvents : &pipe->ReaderEvents), int.MaxValue, uint.MaxValue);
    }

    /// <summary>Reads up to <paramref name="length"/> bytes, blocking while the pipe is empty and has writers; 0 at its end.</summary>
    public static long Read(int index, byte* target, ulong length)
    {
        State* pipe = s_pipes + index;
        while (true)
        {
            Platform.SpinLock.Enter(ref pipe->Lock);
            int available = pipe->Written - pipe->Read;
            int events = Volatile.Read(ref pipe->WriterEvents);
            if (available > 0 && length > 0)
            {
                int count = available < (long)length ? available : (int)length;
                for (int i = 0; i < count; i++)
                {
                    target[i] = pipe->Buffer[(pipe->Read + i) & (BufferSize - 1)];
                }

                pipe->Read += count;
                Interlocked.Increment(ref pipe->ReaderEvents);
                Platform.SpinLock.Exit(ref pipe->Lock);
                Futex.Wake((ulong)&pipe->ReaderEvents, int.MaxValue, uint.MaxValue);
                return count;
            }

            Platform.SpinLock.Exit(ref pipe->Lock);
            if (length == 0 || Volatile.Read(ref pipe->Writers) == 0)
            {
                return 0;
            }

            long waited = Futex.Wait((ulong)&pipe->WriterEvents, (uint)events, uint.MaxValue, 0);
            if (waited == -(long)LinuxErrno.EINTR)
            {
                return waited;
            }
        }
    }

    /// <summary>Writes all <paramref name="length"/> bytes, blocking while the pipe is full; -EPIPE without readers.</summary>
    public static long Write(int index, byte* source, ulong length)
    {
        State* pipe = s_pipes + index;
        ulong done = 0;
        while (done < length)
        {
            if (Volatile.Read(ref pipe->Readers) == 0)
            {
                return done > 0 ? (long)done : -(long)LinuxErrno.EPIPE;
            }

            Platform.SpinLock.Enter(ref pipe->Lock);
            int room = BufferSize - (pipe->Written - pipe->Read);
            int events = Volatile.Read(ref pipe->ReaderEvents);
            int count = room < (long)(length - done) ? room : (int)(length - done);
            for (int i = 0; i < count; i++)
            {
                pipe->Buffer[(pipe->Written + i) & (BufferSize - 1)] = source[done + (ulong)i];
            }

            pipe->Written += count;
            if (count > 0)
            {
                Interlocked.Increment(ref pipe->WriterEvents);
            }

            Platform.SpinLock.Exit(ref pipe->Lock);
            done += (ulong)count;
            if (count > 0)
            {
                Futex.Wake((ulong)&pipe->WriterEvents, int.MaxValue, uint.MaxValue);
                continue;
            }

            long waited = Futex.Wait((ulong)&pipe->ReaderEvents, (uint)events, uint.MaxValue, 0);
            if (waited == -(long)LinuxErrno.EINTR)
            {
                return done > 0 ? (long)done : waited;
            }
        }

        return (long)done;
    }
}
