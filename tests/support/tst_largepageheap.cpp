// useLargePagesForHeap: the heap it leaves is advised for huge pages, and
// malloc still works from every thread, for small and large blocks. The
// packer's large buffers are advised too.

#include <packer/largebuffer.h>
#include <support/largepageheap.h>

#include <QFile>
#include <QTest>
#include <QtConcurrent>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

// The VmFlags of the mapping that holds `address`, from /proc/self/smaps.
QByteArrayList flagsOfMappingWith(const void *address)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    const auto wanted = reinterpret_cast<std::uintptr_t>(address);
    bool inside = false;
    // (readAll: a /proc file says it is empty, so atEnd() is true at once.)
    const QByteArrayList lines = smaps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype dash = line.indexOf('-');
        const qsizetype space = line.indexOf(' ');
        if (dash > 0 && space > dash && !line.startsWith("VmFlags")) {
            bool okBegin = false;
            bool okEnd = false;
            const std::uintptr_t begin = line.left(dash).toULongLong(&okBegin, 16);
            const std::uintptr_t end = line.mid(dash + 1, space - dash - 1).toULongLong(&okEnd, 16);
            if (okBegin && okEnd) {
                inside = wanted >= begin && wanted < end;
                continue;
            }
        }
        if (inside && line.startsWith("VmFlags:"))
            return line.mid(8).simplified().split(' ');
    }
    return {};
}

bool sanitized()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return true;
#endif
#endif
    return false;
}

} // namespace

class tst_LargePageHeap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (sanitized())
            QSKIP("A sanitizer replaces malloc: the heap is left alone");
        if (!qEnvironmentVariableIsEmpty("GLIBC_TUNABLES"))
            QSKIP("GLIBC_TUNABLES is set: the heap is left as the user tuned it");
        if (!QFile::exists(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled")))
            QSKIP("This kernel has no transparent huge pages");
        // As a command's main() does, before any thread.
        Prometeu::useLargePagesForHeap(64u << 20, 4);
    }

    void blocksComeFromTheAdvisedRegion()
    {
        // Small blocks, as a build's records, once the ones freed before the
        // call (this test's start-up) are used up; and a list-sized one.
        std::vector<void *> small(50'000);
        for (void *&block : small)
            block = std::malloc(64);
        void *large = std::malloc(std::size_t(3) << 20);
        for (const void *block : {static_cast<const void *>(small.back()), static_cast<const void *>(large)}) {
            QVERIFY(block);
            const QByteArrayList flags = flagsOfMappingWith(block);
            QVERIFY2(!flags.isEmpty(), "the block is in no mapping of /proc/self/smaps");
            QVERIFY2(flags.contains("hg"), qPrintable(QStringLiteral("flags %1").arg(QString::fromLatin1(flags.join(' ')))));
        }
        std::free(large);
        for (void *block : small)
            std::free(block);
    }

    // A converter's output or a worker's answer (packer/largebuffer.h),
    // larger than the heap's free top (64 MiB here), so mapped apart from
    // it: advised where it covers whole huge pages. A small one is left to
    // the heap.
    void largeBuffersAreAdvisedForHugePages()
    {
        QByteArray large = Prometeu::uninitializedLargeBuffer(96 << 20);
        QCOMPARE(large.size(), 96 << 20);
        QVERIFY(flagsOfMappingWith(large.constData() + (8 << 20)).contains("hg"));
        std::memset(large.data(), 0x5a, size_t(large.size()));
        QCOMPARE(large.count('\x5a'), large.size());

        QByteArray reserved;
        reserved.reserve(80 << 20);
        QVERIFY(!flagsOfMappingWith(reserved.constData() + (6 << 20)).contains("hg"));
        Prometeu::adviseLargePages(reserved.data(), std::size_t(reserved.capacity()));
        QVERIFY(flagsOfMappingWith(reserved.constData() + (6 << 20)).contains("hg"));

        const QByteArray small = Prometeu::uninitializedLargeBuffer(100);
        QCOMPARE(small.size(), 100);
    }

    // A thread that glibc gives a heap of its own (several arenas) has it
    // advised too, once it asks; its blocks live in huge-page memory.
    void aThreadsOwnHeapIsAdvisedToo()
    {
        bool checked = false;
        QByteArrayList flags;
        std::thread thread([&] {
            Prometeu::useLargePagesForThreadHeap();
            std::vector<void *> blocks(20'000);
            for (void *&block : blocks)
                block = std::malloc(96);
            const auto mainEnd = reinterpret_cast<std::uintptr_t>(sbrk(0));
            checked = reinterpret_cast<std::uintptr_t>(blocks.back()) > mainEnd;
            flags = flagsOfMappingWith(blocks.back());
            Prometeu::useLargePagesForThreadHeap(); // once is enough: a second call changes nothing
            for (void *block : blocks)
                std::free(block);
        });
        thread.join();
        QVERIFY2(!flags.isEmpty(), "the block is in no mapping of /proc/self/smaps");
        QVERIFY2(flags.contains("hg"), qPrintable(QStringLiteral("flags %1").arg(QString::fromLatin1(flags.join(' ')))));
        // The first thread to allocate, with arenas to spare: glibc made it one.
        QVERIFY2(checked, "the thread's blocks came from the main heap");
    }

    void everyThreadAllocatesAndFrees()
    {
        // Blocks of every size, written and checked, from several threads
        // at once, over the arenas.
        const QList<int> seeds{1, 2, 3, 4, 5, 6, 7, 8};
        const QList<bool> intact = QtConcurrent::blockingMapped(seeds, [](int seed) {
            std::vector<std::pair<unsigned char *, std::size_t>> blocks;
            std::size_t size = 16;
            for (int i = 0; i < 2000; ++i) {
                size = (size * 7 + std::size_t(seed) * 13) % (1 << 20) + 1;
                auto *block = static_cast<unsigned char *>(std::malloc(size));
                if (!block)
                    return false;
                std::memset(block, seed, size);
                blocks.emplace_back(block, size);
                if (i % 3 == 0) {
                    auto [old, oldSize] = blocks.front();
                    blocks.erase(blocks.begin());
                    for (std::size_t b = 0; b < oldSize; b += 4093)
                        if (old[b] != seed)
                            return false;
                    std::free(old);
                }
            }
            bool ok = true;
            for (auto [block, blockSize] : blocks) {
                ok = ok && block[blockSize - 1] == seed;
                std::free(block);
            }
            return ok;
        });
        QCOMPARE(intact, QList<bool>(seeds.size(), true));
    }
};

QTEST_GUILESS_MAIN(tst_LargePageHeap)
#include "tst_largepageheap.moc"
