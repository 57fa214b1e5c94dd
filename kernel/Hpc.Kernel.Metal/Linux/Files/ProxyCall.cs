using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;
using Hpc.Rings;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// A file request to the proxy and the wait for its answer: the same records (<see cref="FileParams"/> then the
/// path or data) and reply area hosted isles use, on the rank's ring. The rank has one reply area, so one request is
/// in flight at a time: <see cref="Enter"/> takes the rank's turn and <see cref="Exit"/> gives it back once the
/// caller has read the reply. The proxy cannot be woken from the guest; it polls, so an answer takes ~1 ms.
/// </summary>
/// <remarks>
/// Waiting blocks the calling thread in the scheduler with a short deadline instead of spinning: the cpu runs the
/// isle's other threads meanwhile (its scheduler is cooperative, so a spinning waiter would also keep the holder of
/// the turn from ever finishing), and halts until the deadline when none is ready.
/// </remarks>
internal static unsafe class ProxyCall
{
    /// <summary>Longest path in bytes a request carries (Linux's PATH_MAX, NUL included).</summary>
    public const int MaxPath = 4096;

    /// <summary>How long a waiting thread naps between looks at the reply (the proxy polls about every millisecond).</summary>
    private const ulong NapNanoseconds = 100_000;
    /// <summary>Looks at the reply before the first nap (a reply already there is taken without a timer).</summary>
    private const int SpinsBeforeNap = 200;

    /// <summary>Non-zero while a thread has the rank's turn.</summary>
    private static int s_turn;
    /// <summary>Sequence of the last request (the reply area echoes it).</summary>
    private static int s_sequence;
    /// <summary>Room for the paths of the request being built (rename has two); owned by the thread with the turn.</summary>
    private static byte* s_paths;

    /// <summary>True when a segment is attached: without one (QEMU started by hand) no file but the kernel's exists.</summary>
    public static bool IsAvailable => ProxyChannel.IsAttached;

    /// <summary>Largest data one request carries after its parameters.</summary>
    public static int MaxData => ProxyChannel.MaxPayload - sizeof(FileParams);

    /// <summary>Largest data one reply carries.</summary>
    public static int ReplyCapacity => ProxyChannel.ReplyCapacity;

    /// <summary>2 × <see cref="MaxPath"/> bytes where the thread with the turn builds a request's paths, one after the other.</summary>
    public static byte* Paths => s_paths;

    /// <summary>The data of the last reply.</summary>
    public static byte* ReplyData => (byte*)ProxyChannel.Reply + sizeof(ReplyHeader);

    /// <summary>Bytes of data in the last reply (never more than the reply area holds).</summary>
    public static int ReplyLength
    {
        get
        {
            int length = ProxyChannel.Reply->Length;
            return length < 0 ? 0 : length > ReplyCapacity ? ReplyCapacity : length;
        }
    }

    /// <summary>The op-specific extra word of the last reply.</summary>
    public static int ReplyExtra => ProxyChannel.Reply->Extra;

    /// <summary>Claims the path room.</summary>
    public static void Setup() => s_paths = PhysicalMemory.Claim(2 * MaxPath);

    /// <summary>Takes the rank's turn, napping while another thread has it.</summary>
    public static void Enter()
    {
        while (Interlocked.CompareExchange(ref s_turn, 1, 0) != 0)
        {
            Nap();
        }
    }

    /// <summary>Gives the turn back.</summary>
    public static void Exit() => Interlocked.Exchange(ref s_turn, 0);

    /// <summary>
    /// Sends <paramref name="op"/> with <paramref name="parameters"/> and <paramref name="length"/> bytes of
    /// <paramref name="data"/> (at most <see cref="MaxData"/>), waits for the answer and returns its result (negative:
    /// -errno). The caller has the turn.
    /// </summary>
    public static long Send(ProxyOp op, in FileParams parameters, byte* data, int length)
    {
        int sequence = ++s_sequence;
        FileParams head = parameters;
        ProxyChannel.Request(op, sequence, (byte*)&head, sizeof(FileParams), data, length);
        ReplyHeader* reply = ProxyChannel.Reply;
        int spins = 0;
        while (Volatile.Read(ref reply->Sequence) != sequence)
        {
            if (++spins < SpinsBeforeNap)
            {
                Cpu.Pause();
                continue;
            }

            Nap();
        }

        return reply->Result;
    }

    /// <summary>Takes the turn, sends one request without reply data and gives the turn back.</summary>
    public static long SendAlone(ProxyOp op, in FileParams parameters, byte* data, int length)
    {
        Enter();
        long result = Send(op, parameters, data, length);
        Exit();
        return result;
    }

    /// <summary>
    /// Blocks the calling thread for <see cref="NapNanoseconds"/>; its cpu runs other threads or halts meanwhile. A
    /// signal may end the nap early; it is taken when the call returns, as Linux does for file I/O.
    /// </summary>
    private static void Nap()
    {
        ProgramThread* self = ThreadScheduler.Current;
        self->Reason = (int)WakeReason.None;
        self->Deadline = Cpu.ReadTsc() + Clock.TscForNanoseconds(NapNanoseconds);
        Interlocked.Exchange(ref self->State, (int)ThreadRunState.Blocked);
        ThreadScheduler.Block(self);
    }
}
