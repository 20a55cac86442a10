/* i18n: the Indonesian -> English table and its lookup. To add a string: insert its pair in byte
 * order of the Indonesian text (test_i18n checks the order, duplicates and placeholders). English
 * wording is natural, not literal; counts are phrased to need no plural ("Attempts left: %d"). */
#include "i18n.h"

#include <string.h>

static const i18n_pair pairs[] = {
    {"Ada", "Present"},
    {"Alasan (wajib)", "Reason (required)"},
    {"Anggaran", "Budget"},
    {"Batal", "Cancel"},
    {"Belanja", "Expenditure"},
    {"Belum", "Not started"},
    {"Biasa", "Routine"},
    {"Buat PIN baru", "Create a new PIN"},
    {"Calon pemenang", "Proposed winner"},
    {"Catatan", "Note"},
    {"Coba lagi", "Try again"},
    {"Data dari server rusak. Coba lagi.", "The server sent damaged data. Try again."},
    {"Disposisi", "Forward"},
    {"Diterima server", "Received by the server"},
    {"Ditolak server", "Refused by the server"},
    {"Gambar lampiran rusak dan tidak dapat ditampilkan.",
     "This attachment image is damaged and can't be shown."},
    {"HPS", "Owner's estimate (HPS)"},
    {"Instruksi", "Instructions"},
    {"Kelengkapan dokumen", "Document checklist"},
    {"Kembalikan", "Return"},
    {"Kirim", "Send"},
    {"Kotak Masuk", "Inbox"},
    {"Lampiran", "Attachments"},
    {"Laporan", "Reports"},
    {"Masukkan PIN", "Enter PIN"},
    {"Masukkan PIN untuk menyetujui", "Enter your PIN to approve"},
    {"Mengirim…", "Sending…"},
    {"Muat ulang", "Refresh"},
    {"Nomor surat", "Letter no."},
    {"PIN salah. Sisa %d percobaan.", "Wrong PIN. Attempts left: %d."},
    {"PIN tidak sama. Ulangi.", "The PINs don't match. Try again."},
    {"Pagu", "Budget ceiling"},
    {"Paraf verifikator", "Verifier's initials"},
    {"Passphrase", "Passphrase"},
    {"Pembiayaan netto", "Net financing"},
    {"Penanda tangan", "Signatory"},
    {"Penawaran", "Bid"},
    {"Pendapatan", "Revenue"},
    {"Penerima (maks. 5)", "Recipients (up to 5)"},
    {"Pengadaan", "Procurement"},
    {"Pengirim", "From"},
    {"Perihal", "Subject"},
    {"Perlu tindakan", "Needs action"},
    {"Program", "Program"},
    {"Proses", "In progress"},
    {"Realisasi", "Actual"},
    {"Rekomendasi", "Recommendations"},
    {"Ringkasan", "Summary"},
    {"Riwayat", "History"},
    {"SPJ", "Expense reports (SPJ)"},
    {"Sambungan aman gagal: sertifikat server tidak cocok. Hubungi admin TI.",
     "Secure connection failed: the server's certificate doesn't match. Contact IT support."},
    {"Sangat segera", "Very urgent"},
    {"Segera", "Urgent"},
    {"Selesai", "Done"},
    {"Semua", "All"},
    {"Server sedang bermasalah. Coba lagi beberapa saat lagi.",
     "The server is having problems. Try again in a few minutes."},
    {"Server tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.",
     "Can't reach the server. Check the network, then try again."},
    {"Setujui", "Approve"},
    {"Sisa", "Remaining"},
    {"Spasi", "Space"},
    {"Surat disposisi", "Letters to forward"},
    {"Surat untuk ditandatangani", "Letters to sign"},
    {"Surplus/defisit", "Surplus/deficit"},
    {"Tablet terkunci", "Tablet locked"},
    {"Tanda tangan", "Sign"},
    {"Tanggal diterima", "Received"},
    {"Target", "Target"},
    {"Temuan", "Findings"},
    {"Terakhir sinkron %s", "Last synced %s"},
    {"Terima laporan", "Accept report"},
    {"Terlalu banyak percobaan. Coba lagi dalam %d detik.",
     "Too many attempts. Try again in %d s."},
    {"Tersimpan, menunggu koneksi", "Saved, waiting for a connection"},
    {"Tidak ada", "Missing"},
    {"Tidak ada yang perlu ditindaklanjuti", "Nothing needs your action"},
    {"Tolak", "Reject"},
    {"Ulangi PIN baru", "Enter the new PIN again"},
    {"Waktu berjalan", "Time elapsed"},
};

const i18n_pair *i18n_pairs(size_t *count)
{
    if (count)
        *count = sizeof pairs / sizeof pairs[0];
    return pairs;
}

const char *tr(lang l, const char *id_text)
{
    if (!id_text)
        return "";
    if (l != LANG_EN)
        return id_text;
    size_t lo = 0, hi = sizeof pairs / sizeof pairs[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id_text, pairs[mid].id);
        if (c == 0)
            return pairs[mid].en;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return id_text;
}
