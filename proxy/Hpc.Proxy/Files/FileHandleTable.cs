using System.Diagnostics;
using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>
/// The job's open files: small integer handles (lowest free first) mapping to host descriptors, each owned by the
/// rank that opened it. The table owns the descriptors and closes them. Single-threaded.
/// </summary>
internal sealed class FileHandleTable
{
    /// <summary>Marks a free slot in <see cref="_fds"/>.</summary>
    private const int Free = -1;

    /// <summary>Most handles one owner may hold.</summary>
    private readonly int _maxPerOwner;

    /// <summary>Most handles the whole job may hold.</summary>
    private readonly int _maxTotal;

    /// <summary>Handles held per owner (owners with none are removed).</summary>
    private readonly Dictionary<int, int> _countByOwner = [];

    /// <summary>Host descriptor per handle, or <see cref="Free"/>.</summary>
    private int[] _fds = [];

    /// <summary>Owner per handle (meaningless for free slots).</summary>
    private int[] _owners = [];

    /// <summary>Handles in use.</summary>
    private int _count;

    /// <summary>No slot below this index is free.</summary>
    private int _firstMaybeFree;

    /// <summary>Creates an empty table with the given limits.</summary>
    public FileHandleTable(int maxPerOwner, int maxTotal)
    {
        Debug.Assert(maxPerOwner > 0 && maxTotal > 0, "validated by the caller");
        _maxPerOwner = maxPerOwner;
        _maxTotal = maxTotal;
    }

    /// <summary>Handles in use in the whole job.</summary>
    public int Count => _count;

    /// <summary>0 if <paramref name="owner"/> may open one more handle, else -EMFILE (its cap) or -ENFILE (the job's).</summary>
    public int CheckRoom(int owner)
    {
        if (_countByOwner.TryGetValue(owner, out int held) && held >= _maxPerOwner)
        {
            return -LinuxErrno.EMFILE;
        }

        return _count >= _maxTotal ? -LinuxErrno.ENFILE : 0;
    }

    /// <summary>Takes ownership of <paramref name="fd"/> and returns its new handle; <see cref="CheckRoom"/> must have said yes.</summary>
    public int Add(int owner, int fd)
    {
        Debug.Assert(fd >= 0 && CheckRoom(owner) == 0, "room checked before the descriptor was opened");
        int handle = _firstMaybeFree;
        while (handle < _fds.Length && _fds[handle] != Free)
        {
            handle++;
        }

        if (handle == _fds.Length)
        {
            int size = Math.Max(16, _fds.Length * 2);
            int oldSize = _fds.Length;
            Array.Resize(ref _fds, size);
            Array.Resize(ref _owners, size);
            _fds.AsSpan(oldSize).Fill(Free);
        }

        _fds[handle] = fd;
        _owners[handle] = owner;
        _firstMaybeFree = handle + 1;
        _count++;
        _countByOwner[owner] = _countByOwner.GetValueOrDefault(owner) + 1;
        return handle;
    }

    /// <summary>The descriptor of <paramref name="handle"/> if <paramref name="owner"/> holds it, else -EBADF.</summary>
    public int Lookup(int owner, int handle)
    {
        // The unsigned compare also rejects negative handles.
        if ((uint)handle >= (uint)_fds.Length || _fds[handle] == Free || _owners[handle] != owner)
        {
            return -LinuxErrno.EBADF;
        }

        return _fds[handle];
    }

    /// <summary>Frees the handle and closes its descriptor: 0, -EBADF, or close's error (the handle is freed regardless).</summary>
    public int Close(int owner, int handle)
    {
        int fd = Lookup(owner, handle);
        if (fd < 0)
        {
            return fd;
        }

        Release(handle);
        return LibC.Close(fd);
    }

    /// <summary>Closes every handle of <paramref name="owner"/>.</summary>
    public void CloseOwner(int owner)
    {
        if (!_countByOwner.ContainsKey(owner))
        {
            return;
        }

        for (int handle = 0; handle < _fds.Length && _countByOwner.ContainsKey(owner); handle++)
        {
            if (_fds[handle] != Free && _owners[handle] == owner)
            {
                int fd = _fds[handle];
                Release(handle);
                _ = LibC.Close(fd);
            }
        }
    }

    /// <summary>Closes every handle of every owner.</summary>
    public void CloseAll()
    {
        for (int handle = 0; handle < _fds.Length; handle++)
        {
            if (_fds[handle] != Free)
            {
                int fd = _fds[handle];
                Release(handle);
                _ = LibC.Close(fd);
            }
        }
    }

    /// <summary>Marks a used slot free and updates the counts.</summary>
    private void Release(int handle)
    {
        int owner = _owners[handle];
        _fds[handle] = Free;
        _count--;
        _firstMaybeFree = Math.Min(_firstMaybeFree, handle);
        int left = _countByOwner[owner] - 1;
        if (left == 0)
        {
            _countByOwner.Remove(owner);
        }
        else
        {
            _countByOwner[owner] = left;
        }
    }
}
