using System.Diagnostics;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// The MPI thread's outstanding requests, kept in one array so that a single MPI_Testsome tests them all; completed
/// ones are compacted away (order kept) after each test.
/// </summary>
internal sealed unsafe class RequestTable
{
    /// <summary>MPI request handles; the first <see cref="_count"/> are live.</summary>
    private int[] _handles = new int[64];

    /// <summary>Bookkeeping parallel to <see cref="_handles"/>.</summary>
    private PendingRequest[] _pending = new PendingRequest[64];

    /// <summary>Testsome's indices output.</summary>
    private int[] _indices = new int[64];

    /// <summary>Testsome's statuses output.</summary>
    private MpiStatus[] _statuses = new MpiStatus[64];

    /// <summary>Live requests.</summary>
    private int _count;

    /// <summary>Live requests.</summary>
    public int Count => _count;

    /// <summary>Adds a request MPI just started.</summary>
    public void Add(int handle, PendingRequest pending)
    {
        Debug.Assert(handle != MpichAbi.RequestNull);
        if (_count == _handles.Length)
        {
            int size = _handles.Length * 2;
            Array.Resize(ref _handles, size);
            Array.Resize(ref _pending, size);
            _indices = new int[size];
            _statuses = new MpiStatus[size];
        }

        _handles[_count] = handle;
        _pending[_count] = pending;
        _count++;
    }

    /// <summary>
    /// Tests every request once (MPI_Testsome, which also drives MPI's progress), appends the completed ones to
    /// <paramref name="completed"/> and returns Testsome's code (MPI_ERR_IN_STATUS: see each completion's error).
    /// </summary>
    public int TestSome(List<Completion> completed)
    {
        if (_count == 0)
        {
            return MpichAbi.Success;
        }

        int done = 0;
        int code;
        fixed (int* handles = _handles)
        fixed (int* indices = _indices)
        fixed (MpiStatus* statuses = _statuses)
        {
            code = MpiCalls.Testsome(_count, handles, &done, indices, statuses);
        }

        if (done <= 0 || done == MpichAbi.Undefined)
        {
            return code;
        }

        for (int i = 0; i < done; i++)
        {
            int index = _indices[i];
            int error = code == MpichAbi.ErrorInStatus ? _statuses[i].Error : MpichAbi.Success;
            completed.Add(new Completion(_pending[index], error, _statuses[i]));
            // A request that failed may be left allocated by MPI; it is dropped here all the same.
            _handles[index] = MpichAbi.RequestNull;
        }

        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_handles[i] != MpichAbi.RequestNull)
            {
                _handles[kept] = _handles[i];
                _pending[kept] = _pending[i];
                kept++;
            }
        }

        Array.Clear(_pending, kept, _count - kept);
        _count = kept;
        return code;
    }
}
