using System.Buffers.Binary;
using EbpfCat.Netlink.Native;

namespace EbpfCat.Netlink;

/// <summary>A NETLINK_ROUTE socket (rtnetlink) that sends one request at a time and collects the kernel's answer:
/// the data messages, then the acknowledgement or the error with the kernel's extended-ack text.</summary>
/// <remarks>A netlink socket belongs to the network namespace of the thread that created it, for its whole life:
/// requests through it reach that namespace from any thread.</remarks>
internal sealed unsafe class RouteNetlinkSocket : IDisposable
{
    internal const ushort Done = 3;          // NLMSG_DONE
    const ushort Error = 2;                  // NLMSG_ERROR
    const ushort Request = 0x01;             // NLM_F_REQUEST
    const ushort Ack = 0x04;                 // NLM_F_ACK
    const ushort DumpInterrupted = 0x10;     // NLM_F_DUMP_INTR
    const ushort Dump = 0x300;               // NLM_F_DUMP
    const ushort Capped = 0x100;             // NLM_F_CAPPED on an error: the request is not echoed
    const ushort AckTlvs = 0x200;            // NLM_F_ACK_TLVS: extended-ack attributes follow
    const ushort ErrorAttributeMessage = 1;  // NLMSGERR_ATTR_MSG
    const int ReceiveBufferSize = 64 * 1024;

    readonly SocketHandle socket;
    readonly Lock gate = new();
    uint sequence;

    RouteNetlinkSocket(SocketHandle socket) => this.socket = socket;

    /// <summary>Opens a socket in the calling thread's network namespace, asking for extended acks (kernel 4.12; older
    /// kernels simply do not send the text) and a receive timeout, so a lost answer cannot hang the caller.</summary>
    internal static RouteNetlinkSocket Open()
    {
        var socket = SocketHandle.Open(SocketCalls.AfNetlink, SocketCalls.NetlinkRoute, "socket(AF_NETLINK)");
        try
        {
            socket.With(fd =>
            {
                int one = 1;
                SocketCalls.SetSocketOption(fd, SocketCalls.SolNetlink, SocketCalls.NetlinkExtAck, &one, sizeof(int));
                SocketCalls.SetSocketOption(fd, SocketCalls.SolNetlink, SocketCalls.NetlinkCapAck, &one, sizeof(int));
                long* timeout = stackalloc long[2] { 10, 0 };   // struct timeval: 10 s
                SocketCalls.SetSocketOption(fd, SocketCalls.SolSocket, SocketCalls.SoReceiveTimeout, timeout, 16);
                // struct sockaddr_nl { family, pad, pid 0 (the kernel picks), groups 0 }
                byte* address = stackalloc byte[12];
                new Span<byte>(address, 12).Clear();
                BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(address, 2), SocketCalls.AfNetlink);
                if (SocketCalls.Bind(fd, address, 12) < 0) throw NetworkOperationException.From("bind(AF_NETLINK)", SocketCalls.LastError);
                return 0;
            });
            return new RouteNetlinkSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="message"/> with NLM_F_ACK and returns the payloads (after <c>nlmsghdr</c>) of the
    /// data messages that came before the acknowledgement.</summary>
    /// <exception cref="NetworkOperationException">The kernel answered with an error; it carries the extended-ack text.</exception>
    internal List<byte[]> Transact(NetlinkMessageWriter message, string operation)
        => Exchange(message, (ushort)(Request | Ack), operation);

    /// <summary>Sends <paramref name="message"/> as a dump request and returns every data message's payload up to NLMSG_DONE;
    /// a dump the kernel marks inconsistent (NLM_F_DUMP_INTR, the table changed meanwhile) is repeated.</summary>
    internal List<byte[]> DumpAll(Func<NetlinkMessageWriter> message, string operation)
    {
        for (int attempt = 0; ; attempt++)
        {
            var replies = Exchange(message(), (ushort)(Request | Dump), operation, out bool interrupted);
            if (!interrupted || attempt == 4) return replies;
        }
    }

    List<byte[]> Exchange(NetlinkMessageWriter message, ushort flags, string operation) => Exchange(message, flags, operation, out _);

    List<byte[]> Exchange(NetlinkMessageWriter message, ushort flags, string operation, out bool interrupted)
    {
        lock (gate)
        {
            uint seq = ++sequence;
            var bytes = message.Finish(seq);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)(message.Flags | flags));
            bool dumpInterrupted = false;
            var replies = socket.With(fd => Exchange(fd, bytes, seq, operation, out dumpInterrupted));
            interrupted = dumpInterrupted;
            return replies;
        }
    }

    static List<byte[]> Exchange(int fd, byte[] request, uint seq, string operation, out bool interrupted)
    {
        interrupted = false;
        fixed (byte* p = request)
        {
            nint sent;
            do sent = SocketCalls.Send(fd, p, (nuint)request.Length, 0);
            while (sent < 0 && SocketCalls.LastError == SocketCalls.EINTR);
            if (sent < 0) throw NetworkOperationException.From(operation, SocketCalls.LastError, context: "sending the request");
        }
        var replies = new List<byte[]>();
        var buffer = new byte[ReceiveBufferSize];
        while (true)
        {
            nint received;
            fixed (byte* b = buffer)
            {
                do received = SocketCalls.Receive(fd, b, (nuint)buffer.Length, 0);
                while (received < 0 && SocketCalls.LastError == SocketCalls.EINTR);
            }
            if (received < 0)
            {
                int errno = SocketCalls.LastError;
                throw NetworkOperationException.From(operation, errno, context: errno == SocketCalls.EAGAIN ? "the kernel did not answer in time" : "receiving the answer");
            }
            var datagram = buffer.AsSpan(0, (int)received);
            while (datagram.Length >= NetlinkMessageWriter.HeaderSize)
            {
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
                if (length < NetlinkMessageWriter.HeaderSize || length > datagram.Length) break;
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
                ushort messageFlags = BinaryPrimitives.ReadUInt16LittleEndian(datagram[6..]);
                uint messageSeq = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);
                var payload = datagram[NetlinkMessageWriter.HeaderSize..length];
                datagram = datagram[Math.Min(NetlinkMessageWriter.Align(length), datagram.Length)..];
                if (messageSeq != seq) continue;   // a late answer to an earlier request
                if ((messageFlags & DumpInterrupted) != 0) interrupted = true;
                if (type == Error)
                {
                    int error = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
                    if (error != 0) throw NetworkOperationException.From(operation, -error, ExtendedAckMessage(payload, messageFlags));
                    return replies;   // the acknowledgement
                }
                if (type == Done)
                {
                    int error = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
                    if (error < 0) throw NetworkOperationException.From(operation, -error, ExtendedAckMessage(payload, messageFlags, doneMessage: true));
                    return replies;
                }
                // Every request is sent with NLM_F_ACK or as a dump, so the answer ends with an ack, an error or NLMSG_DONE.
                replies.Add(payload.ToArray());
            }
        }
    }

    /// <summary>The NLMSGERR_ATTR_MSG text of an error: the attributes follow <c>struct nlmsgerr</c> (the error and the
    /// request's header, plus the request's payload unless NLM_F_CAPPED says it was left out).</summary>
    static string? ExtendedAckMessage(ReadOnlySpan<byte> payload, ushort flags, bool doneMessage = false)
    {
        if ((flags & AckTlvs) == 0) return null;
        int offset = 4;
        if (!doneMessage)
        {
            offset += NetlinkMessageWriter.HeaderSize;
            if ((flags & Capped) == 0 && payload.Length >= 4 + 4)
                offset = 4 + NetlinkMessageWriter.Align((int)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]));
        }
        if (offset > payload.Length) return null;
        var text = NetlinkAttributeReader.Find(payload[offset..], ErrorAttributeMessage);
        return text.IsEmpty ? null : NetlinkAttributeReader.String(text);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => socket.Dispose();
}
