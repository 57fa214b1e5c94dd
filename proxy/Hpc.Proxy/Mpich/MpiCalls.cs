using System.Runtime.InteropServices;
using System.Text;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// The MPI functions NodeLink calls, bound through <c>[LibraryImport]</c> to <see cref="MpichLibrary.Name"/> (load it
/// with <see cref="MpichLibrary.Load"/> first). Handles are ints (MPICH ABI); every argument is blittable, so the
/// generated stubs marshal nothing. Call them from the thread that initialised MPI only (MPI_THREAD_FUNNELED).
/// </summary>
internal static unsafe partial class MpiCalls
{
    /// <summary>MPI_Init_thread; argc and argv may be null.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(int* argc, byte*** argv, int required, int* provided);

    /// <summary>MPI_Initialized.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(int* flag);

    /// <summary>MPI_Comm_rank.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(int comm, int* rank);

    /// <summary>MPI_Comm_size.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(int comm, int* size);

    /// <summary>MPI_Comm_set_errhandler.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Comm_set_errhandler")]
    public static partial int CommSetErrhandler(int comm, int errhandler);

    /// <summary>MPI_Comm_get_attr; <paramref name="value"/> receives a pointer to the attribute.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Comm_get_attr")]
    public static partial int CommGetAttr(int comm, int key, void* value, int* flag);

    /// <summary>MPI_Isend.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Isend")]
    public static partial int Isend(void* buffer, int count, int datatype, int destination, int tag, int comm, int* request);

    /// <summary>MPI_Irecv.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Irecv")]
    public static partial int Irecv(void* buffer, int count, int datatype, int source, int tag, int comm, int* request);

    /// <summary>MPI_Iprobe.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Iprobe")]
    public static partial int Iprobe(int source, int tag, int comm, int* flag, MpiStatus* status);

    /// <summary>MPI_Improbe: probes and removes the message from matching, returning a message handle.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Improbe")]
    public static partial int Improbe(int source, int tag, int comm, int* flag, int* message, MpiStatus* status);

    /// <summary>MPI_Mrecv: receives a message matched by MPI_Improbe.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Mrecv")]
    public static partial int Mrecv(void* buffer, int count, int datatype, int* message, MpiStatus* status);

    /// <summary>MPI_Imrecv: starts receiving a message matched by MPI_Improbe.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Imrecv")]
    public static partial int Imrecv(void* buffer, int count, int datatype, int* message, int* request);

    /// <summary>MPI_Get_count.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Get_count")]
    public static partial int GetCount(MpiStatus* status, int datatype, int* count);

    /// <summary>MPI_Test.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Test")]
    public static partial int Test(int* request, int* flag, MpiStatus* status);

    /// <summary>MPI_Testsome; completed requests become MPI_REQUEST_NULL.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Testsome")]
    public static partial int Testsome(int count, int* requests, int* completed, int* indices, MpiStatus* statuses);

    /// <summary>MPI_Cancel.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Cancel")]
    public static partial int Cancel(int* request);

    /// <summary>MPI_Request_free.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Request_free")]
    public static partial int RequestFree(int* request);

    /// <summary>MPI_Barrier (spins inside MPICH: use <see cref="Ibarrier"/> and poll instead).</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(int comm);

    /// <summary>MPI_Ibarrier.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Ibarrier")]
    public static partial int Ibarrier(int comm, int* request);

    /// <summary>MPI_Abort: ends every process of the job (through the launcher).</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Abort")]
    public static partial int Abort(int comm, int errorCode);

    /// <summary>MPI_Wtime, in seconds.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Wtime")]
    public static partial double Wtime();

    /// <summary>MPI_Error_string.</summary>
    [LibraryImport(MpichLibrary.Name, EntryPoint = "MPI_Error_string")]
    private static partial int ErrorString(int code, byte* text, int* length);

    /// <summary>Throws <see cref="MpiException"/> unless <paramref name="code"/> is MPI_SUCCESS (the one check site).</summary>
    public static void Check(int code, string call)
    {
        if (code != MpichAbi.Success)
        {
            throw new MpiException(call, code);
        }
    }

    /// <summary>MPICH's text for an error code, or a plain fallback when the library cannot say.</summary>
    public static string ErrorText(int code)
    {
        byte* text = stackalloc byte[MpichAbi.MaxErrorString + 1];
        int length = 0;
        try
        {
            if (ErrorString(code, text, &length) == MpichAbi.Success && length > 0)
            {
                return Encoding.UTF8.GetString(text, Math.Min(length, MpichAbi.MaxErrorString)).Trim();
            }
        }
        catch (DllNotFoundException)
        {
            // No library: the code alone has to do.
        }

        return $"error {code}";
    }
}
