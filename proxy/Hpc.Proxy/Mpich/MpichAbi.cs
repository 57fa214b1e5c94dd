namespace Hpc.Proxy.Mpich;

/// <summary>
/// MPICH ABI constants. Checked on 2026-11-22 against Debian 12's <c>/usr/include/x86_64-linux-gnu/mpich/mpi.h</c>
/// (MPICH 4.0.2, <c>libmpich.so.12</c>). The MPICH ABI initiative keeps these values in upstream MPICH, Intel MPI
/// and Cray MPICH (<c>libmpi.so.12</c>); Open MPI has a different ABI (handles are pointers) and cannot be used.
/// </summary>
internal static class MpichAbi
{
    /// <summary>MPI_SUCCESS.</summary>
    public const int Success = 0;
    /// <summary>MPI_ERR_TRUNCATE: a message longer than the receive buffer.</summary>
    public const int ErrorTruncate = 14;
    /// <summary>MPI_ERR_IN_STATUS: look at each status's error field.</summary>
    public const int ErrorInStatus = 17;
    /// <summary>MPI_COMM_WORLD.</summary>
    public const int CommWorld = 0x44000000;
    /// <summary>MPI_BYTE.</summary>
    public const int Byte = 0x4c00010d;
    /// <summary>MPI_ANY_SOURCE.</summary>
    public const int AnySource = -2;
    /// <summary>MPI_ANY_TAG.</summary>
    public const int AnyTag = -1;
    /// <summary>MPI_UNDEFINED (Testsome's count when every request is null).</summary>
    public const int Undefined = -32766;
    /// <summary>MPI_REQUEST_NULL.</summary>
    public const int RequestNull = 0x2c000000;
    /// <summary>MPI_MESSAGE_NULL (same value as MPI_REQUEST_NULL in MPICH).</summary>
    public const int MessageNull = 0x2c000000;
    /// <summary>MPI_ERRORS_RETURN: calls return error codes instead of aborting the job.</summary>
    public const int ErrorsReturn = 0x54000001;
    /// <summary>MPI_TAG_UB, the attribute key of the largest tag.</summary>
    public const int TagUpperBoundKey = 0x64400001;
    /// <summary>MPI_THREAD_FUNNELED.</summary>
    public const int ThreadFunneled = 1;
    /// <summary>MPI_MAX_ERROR_STRING.</summary>
    public const int MaxErrorString = 512;
    /// <summary>MPI_STATUS_IGNORE, the pointer value 1.</summary>
    public static unsafe MpiStatus* StatusIgnore => (MpiStatus*)1;
}
