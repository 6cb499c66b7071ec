namespace EbpfCat.Loader;

/// <summary>The commands of the bpf(2) syscall (uapi <c>enum bpf_cmd</c>); the minimum kernel is named where it is after 4.15.</summary>
/// <example><code>BpfCommand.ProgramLoad.UapiName() == "BPF_PROG_LOAD"</code></example>
public enum BpfCommand
{
    /// <summary>BPF_MAP_CREATE: create a map.</summary>
    MapCreate = 0,
    /// <summary>BPF_MAP_LOOKUP_ELEM: read an element.</summary>
    MapLookupElement = 1,
    /// <summary>BPF_MAP_UPDATE_ELEM: write an element.</summary>
    MapUpdateElement = 2,
    /// <summary>BPF_MAP_DELETE_ELEM: remove an element.</summary>
    MapDeleteElement = 3,
    /// <summary>BPF_MAP_GET_NEXT_KEY: iterate keys.</summary>
    MapGetNextKey = 4,
    /// <summary>BPF_PROG_LOAD: verify and load a program.</summary>
    ProgramLoad = 5,
    /// <summary>BPF_OBJ_PIN: pin an object in bpffs.</summary>
    ObjectPin = 6,
    /// <summary>BPF_OBJ_GET: open a pinned object.</summary>
    ObjectGet = 7,
    /// <summary>BPF_PROG_ATTACH: attach a program (legacy, without a link).</summary>
    ProgramAttach = 8,
    /// <summary>BPF_PROG_DETACH: detach a program attached with BPF_PROG_ATTACH.</summary>
    ProgramDetach = 9,
    /// <summary>BPF_PROG_TEST_RUN (also BPF_PROG_RUN): run a program on given input (kernel 4.12).</summary>
    ProgramTestRun = 10,
    /// <summary>BPF_PROG_GET_NEXT_ID: enumerate program ids (kernel 4.13).</summary>
    ProgramGetNextId = 11,
    /// <summary>BPF_MAP_GET_NEXT_ID: enumerate map ids (kernel 4.13).</summary>
    MapGetNextId = 12,
    /// <summary>BPF_PROG_GET_FD_BY_ID: open a program by id (kernel 4.13).</summary>
    ProgramGetFdById = 13,
    /// <summary>BPF_MAP_GET_FD_BY_ID: open a map by id (kernel 4.13).</summary>
    MapGetFdById = 14,
    /// <summary>BPF_OBJ_GET_INFO_BY_FD: describe an object (kernel 4.13).</summary>
    ObjectGetInfoByFd = 15,
    /// <summary>BPF_PROG_QUERY: list programs attached to a hook.</summary>
    ProgramQuery = 16,
    /// <summary>BPF_RAW_TRACEPOINT_OPEN: attach to a raw tracepoint.</summary>
    RawTracepointOpen = 17,
    /// <summary>BPF_BTF_LOAD: load type information.</summary>
    BtfLoad = 18,
    /// <summary>BPF_BTF_GET_FD_BY_ID: open type information by id.</summary>
    BtfGetFdById = 19,
    /// <summary>BPF_TASK_FD_QUERY: describe a perf-event-attached program.</summary>
    TaskFdQuery = 20,
    /// <summary>BPF_MAP_LOOKUP_AND_DELETE_ELEM: pop an element (kernel 4.20; hash maps 5.14).</summary>
    MapLookupAndDeleteElement = 21,
    /// <summary>BPF_MAP_FREEZE: make a map read-only for user space (kernel 5.2).</summary>
    MapFreeze = 22,
    /// <summary>BPF_BTF_GET_NEXT_ID: enumerate BTF ids.</summary>
    BtfGetNextId = 23,
    /// <summary>BPF_MAP_LOOKUP_BATCH: read many elements (kernel 5.6).</summary>
    MapLookupBatch = 24,
    /// <summary>BPF_MAP_LOOKUP_AND_DELETE_BATCH: read and remove many elements (kernel 5.6).</summary>
    MapLookupAndDeleteBatch = 25,
    /// <summary>BPF_MAP_UPDATE_BATCH: write many elements (kernel 5.6).</summary>
    MapUpdateBatch = 26,
    /// <summary>BPF_MAP_DELETE_BATCH: remove many elements (kernel 5.6).</summary>
    MapDeleteBatch = 27,
    /// <summary>BPF_LINK_CREATE: attach a program through a link (kernel 5.7).</summary>
    LinkCreate = 28,
    /// <summary>BPF_LINK_UPDATE: replace a link's program (kernel 5.7).</summary>
    LinkUpdate = 29,
    /// <summary>BPF_LINK_GET_FD_BY_ID: open a link by id (kernel 5.8).</summary>
    LinkGetFdById = 30,
    /// <summary>BPF_LINK_GET_NEXT_ID: enumerate link ids (kernel 5.8).</summary>
    LinkGetNextId = 31,
    /// <summary>BPF_ENABLE_STATS: turn on run-time statistics (kernel 5.8).</summary>
    EnableStats = 32,
    /// <summary>BPF_ITER_CREATE: create an iterator (kernel 5.8).</summary>
    IteratorCreate = 33,
    /// <summary>BPF_LINK_DETACH: detach a link while keeping its fd (kernel 5.9).</summary>
    LinkDetach = 34,
    /// <summary>BPF_PROG_BIND_MAP: keep a map alive with a program (kernel 5.10).</summary>
    ProgramBindMap = 35,
}

/// <summary>The uapi spelling of <see cref="BpfCommand"/> values.</summary>
public static class BpfCommandExtensions
{
    static readonly string[] Names =
    [
        "BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM", "BPF_MAP_DELETE_ELEM", "BPF_MAP_GET_NEXT_KEY",
        "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET", "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN",
        "BPF_PROG_GET_NEXT_ID", "BPF_MAP_GET_NEXT_ID", "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID",
        "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY", "BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID",
        "BPF_TASK_FD_QUERY", "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID",
        "BPF_MAP_LOOKUP_BATCH", "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH", "BPF_MAP_DELETE_BATCH",
        "BPF_LINK_CREATE", "BPF_LINK_UPDATE", "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS",
        "BPF_ITER_CREATE", "BPF_LINK_DETACH", "BPF_PROG_BIND_MAP",
    ];

    /// <summary>The command's name in the uapi header, such as <c>BPF_PROG_LOAD</c>.</summary>
    /// <example><code>BpfCommand.MapCreate.UapiName() == "BPF_MAP_CREATE"</code></example>
    public static string UapiName(this BpfCommand command)
        => (uint)command < (uint)Names.Length ? Names[(int)command] : $"BPF_CMD_{(int)command}";
}
