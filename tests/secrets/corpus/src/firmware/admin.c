/* Maintenance console of the appliance. */
#include <string.h>

#define SERVICE_PASSWORD "NquJu5ctbSDxj2-3"

int admin_login(const char *pw)
{
    return strcmp(pw, SERVICE_PASSWORD) == 0;
}
