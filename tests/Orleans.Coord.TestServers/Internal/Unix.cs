using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Orleans.Coord.TestServers.Internal;

/// <summary>The few POSIX calls the fixtures need: effective user, signals, ownership, and passwd look-ups.</summary>
internal static class Unix
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process is gone.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    public static void ChangeOwner(string path, UnixUser user)
    {
        if (chown(path, user.Uid, user.Gid) != 0)
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), $"chown {user.Name} '{path}' failed");
        }
    }

    /// <summary>Looks a user up in /etc/passwd.</summary>
    public static UnixUser? FindUser(string name)
    {
        const string passwd = "/etc/passwd";
        if (!System.IO.File.Exists(passwd))
        {
            return null;
        }

        foreach (var line in System.IO.File.ReadLines(passwd))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid))
            {
                return new UnixUser(name, uid, gid);
            }
        }

        return null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}

/// <summary>A system user from /etc/passwd.</summary>
internal sealed record UnixUser(string Name, int Uid, int Gid);
