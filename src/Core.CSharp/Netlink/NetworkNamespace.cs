using EbpfCat.Loader.Native;
using EbpfCat.Netlink.Native;

namespace EbpfCat.Netlink;

/// <summary>Runs code inside a Linux network namespace (setns(2) with CLONE_NEWNET, kernel 3.0), such as one made with
/// <c>ip netns add NAME</c>, on a dedicated thread: interface indexes, netlink and packet sockets are per namespace.</summary>
/// <remarks>
/// setns changes the namespace of the calling thread only, so the work runs on a new thread that enters the namespace
/// first and ends afterwards; no pooled thread is ever moved. What the work creates keeps working from every thread:
/// a socket stays in the namespace it was created in, and BPF programs, maps and links are not per namespace.
/// Entering needs CAP_SYS_ADMIN.
/// </remarks>
/// <example><code>
/// int index = NetworkNamespace.Run("demo", () => XdpAttach.Query("veth0").InterfaceIndex);
/// await using var attachment = await XdpAttach.AttachAsync(program, "veth0", new XdpAttachOptions { NetworkNamespace = "demo" });
/// </code></example>
public static class NetworkNamespace
{
    /// <summary>Where <c>ip netns</c> keeps its named namespaces.</summary>
    public const string NamedDirectory = "/run/netns";

    /// <summary>The path of a namespace given by name (a file in <see cref="NamedDirectory"/>) or already by path
    /// (anything with a '/', such as <c>/proc/1234/ns/net</c>).</summary>
    /// <example><code>NetworkNamespace.PathOf("demo") == "/run/netns/demo"</code></example>
    public static string PathOf(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        return nameOrPath.Contains('/') ? nameOrPath : $"{NamedDirectory}/{nameOrPath}";
    }

    /// <summary>Moves the calling thread into the network namespace <paramref name="nameOrPath"/> for the rest of its life
    /// (setns(2), kernel 3.0). Call it only on a thread you own and end, never on a thread-pool thread.</summary>
    /// <exception cref="NetworkOperationException">The namespace does not exist (ENOENT) or may not be entered (EPERM).</exception>
    /// <example><code>new Thread(() => { NetworkNamespace.EnterCurrentThread("demo"); Serve(); }).Start();</code></example>
    public static void EnterCurrentThread(string nameOrPath)
    {
        var path = PathOf(nameOrPath);
        int fd = Libc.Open(path, Libc.OpenReadOnly | Libc.OpenCloseOnExec);
        if (fd < 0)
        {
            int errno = SocketCalls.LastError;
            throw NetworkOperationException.From("open", errno, context: errno == 2
                ? $"there is no network namespace at {path}; create one with `ip netns add {nameOrPath}`"
                : $"cannot open the network namespace {path}");
        }
        try
        {
            if (SocketCalls.SetNamespace(fd, SocketCalls.CloneNewNet) < 0)
            {
                int errno = SocketCalls.LastError;
                throw NetworkOperationException.From("setns", errno, context: errno == 1
                    ? $"entering {path} needs CAP_SYS_ADMIN"
                    : $"{path} is not a network namespace");
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new thread inside the network namespace <paramref name="nameOrPath"/>
    /// and returns its result, or runs it right here when <paramref name="nameOrPath"/> is null.</summary>
    /// <exception cref="NetworkOperationException">The namespace cannot be entered.</exception>
    /// <example><code>var states = NetworkNamespace.Run("demo", () => XdpAttach.QueryAll());</code></example>
    public static T Run<T>(string? nameOrPath, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (nameOrPath is null) return work();
        return RunAsync(nameOrPath, work).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> on a new thread inside the network namespace <paramref name="nameOrPath"/>
    /// (or on a new thread in the current namespace when it is null); the task completes when the work has.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the work started.</exception>
    /// <example><code>var state = await NetworkNamespace.RunAsync("demo", () => XdpAttach.Query("veth0"));</code></example>
    public static Task<T> RunAsync<T>(string? nameOrPath, Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (nameOrPath is not null) PathOf(nameOrPath);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (nameOrPath is not null) EnterCurrentThread(nameOrPath);
                completion.SetResult(work());
            }
            catch (OperationCanceledException e) when (e.CancellationToken == cancellationToken && cancellationToken.IsCancellationRequested)
            {
                completion.SetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = nameOrPath is null ? "ebpfcat" : $"netns {nameOrPath}",
        };
        thread.Start();
        return completion.Task;
    }
}
