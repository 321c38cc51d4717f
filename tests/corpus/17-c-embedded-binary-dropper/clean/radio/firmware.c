/* firmware.c - flashes the radio co-processor at start-up. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "radio.h"


int radio_flash(struct radio *r, const char *image_path)
{
    struct stat st;

    if (stat(image_path, &st) != 0 || st.st_size > RADIO_MAX_IMAGE)
        return -1;
    if (radio_enter_bootloader(r) != 0)
        return -1;
    if (radio_write_file(r, image_path) != 0)
        return -1;
    return radio_reset(r);
}
